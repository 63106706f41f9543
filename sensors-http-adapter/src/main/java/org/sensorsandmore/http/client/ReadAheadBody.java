package org.sensorsandmore.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body read as a stream, with up to {@code depth} of the client's buffers read ahead.
 *
 * <p>The JDK's {@code BodyHandlers.ofInputStream()} asks the connection for one buffer at a time,
 * and for the next only once the reader took it: the client's selector thread and the reader take
 * turns. On two cores shared with a database inserting what the reader parsed, the selector thread
 * is often not running when the reader wants its next buffer: a first catch-up of 35 M readings
 * waited 3.3 s for 2,512 buffers, while the server sends such a chunk of 111 MB in a quarter of a
 * second. Here the selector thread fills up to {@code depth} buffers whenever it runs, and the
 * reader takes them in turn, asking for one more as it takes each ({@link #next()}, or the
 * stream's reads).
 *
 * <p>Closing it, from any thread, cancels the response and wakes a reader blocked in it, which then
 * fails as a read of a closed stream does.
 */
final class ReadAheadBody extends InputStream implements HttpResponse.BodySubscriber<ReadAheadBody> {
    /** What the queue holds after the last buffer. */
    private static final Object END = new Object();

    /** What the queue holds once the body was closed. */
    private static final Object CLOSED = new Object();

    /**
     * Each element: a list of buffers, a {@link Throwable} the response failed with, {@link #END} or
     * {@link #CLOSED}. At most {@code depth} lists are asked for and not taken, so it is bounded.
     */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    private final int depth;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    /** The reader's side: the list being read, and its buffer being read. */
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();

    private ByteBuffer current;
    private Object ended;

    /**
     * @param depth the buffers the connection may read ahead of the reader
     */
    ReadAheadBody(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, was " + depth);
        }
        this.depth = depth;
    }

    @Override
    public CompletionStage<ReadAheadBody> getBody() {
        // Like ofInputStream: the response is handed over as soon as its headers arrived.
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (this.subscription != null) {
            subscription.cancel();
            return;
        }
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(depth);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /**
     * @return the next buffer of the body with bytes in it, or null at its end; the caller reads
     *     it (its position moves) before the next call
     * @throws IOException when the response failed, or the body was closed
     */
    ByteBuffer next() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                // What was read ahead is dropped: a watchdog closed the body to end the read.
                throw new IOException("The response body was closed");
            }
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            current = null;
            if (ended != null) {
                return finish();
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while reading the response");
            }
            if (item instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> taken = (List<ByteBuffer>) list;
                buffers = taken.iterator();
                subscription.request(1);
            } else {
                ended = item;
            }
        }
        return current;
    }

    /** @return null at the body's end; else throws what ended it */
    private ByteBuffer finish() throws IOException {
        if (ended == END) {
            return null;
        }
        if (ended instanceof Throwable error) {
            throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
        }
        throw new IOException("The response body was closed");
    }

    @Override
    public int read() throws IOException {
        ByteBuffer buffer = next();
        return buffer == null ? -1 : buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        ByteBuffer buffer = next();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        // Wakes a reader blocked in next(); one that already ended keeps its ending.
        queue.add(CLOSED);
    }
}
