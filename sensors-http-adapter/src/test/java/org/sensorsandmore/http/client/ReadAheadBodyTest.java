package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-ahead body on its own, fed as the JDK client feeds a subscriber; the client's real
 * responses through it are {@code HttpClientsTest}'s and {@code ClientRetriesTest}'s.
 */
class ReadAheadBodyTest {
    /** A subscription that counts what was asked for, as the client's connection does. */
    private static final class CountingSubscription implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        volatile boolean cancelled;

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static List<ByteBuffer> buffers(String... parts) {
        return Arrays.stream(parts)
                .map(part -> ByteBuffer.wrap(part.getBytes(StandardCharsets.US_ASCII)))
                .toList();
    }

    @Test
    void asksForItsDepthThenOneMoreForEachListTaken() throws IOException {
        ReadAheadBody body = new ReadAheadBody(3);
        CountingSubscription subscription = new CountingSubscription();
        body.onSubscribe(subscription);
        assertThat(subscription.requested).hasValue(3);

        body.onNext(buffers("ab", "", "c"));
        body.onNext(buffers("de"));
        body.onComplete();
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
        // Never more lists outstanding than the depth: one more asked for per list taken.
        assertThat(subscription.requested).hasValue(3 + 2);
        assertThat(body.next()).isNull();
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void handsOverTheClientsBuffersWhereTheyLie() throws IOException {
        ReadAheadBody body = new ReadAheadBody(2);
        body.onSubscribe(new CountingSubscription());
        List<ByteBuffer> list = buffers("line 1\n", "line 2\n");
        body.onNext(list);
        body.onComplete();

        ByteBuffer first = body.next();
        assertThat(first).isSameAs(list.get(0));
        first.position(first.limit());
        assertThat(body.next()).isSameAs(list.get(1));
        // A buffer not read yet is handed again.
        assertThat(body.next()).isSameAs(list.get(1));
        assertThat(body.read()).isEqualTo('l');
    }

    @Test
    void aFailedResponseFailsTheReadAfterWhatCameBeforeIt() throws IOException {
        ReadAheadBody body = new ReadAheadBody(4);
        body.onSubscribe(new CountingSubscription());
        body.onNext(buffers("kept"));
        body.onError(new IOException("connection reset"));

        assertThat(body.readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("kept");
        assertThatThrownBy(body::next).isInstanceOf(IOException.class).hasMessage("connection reset");
        // And again: the body stays failed.
        assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    @Timeout(10)
    void closingWakesAReaderWaitingForBytesAndCancelsTheResponse() throws Exception {
        ReadAheadBody body = new ReadAheadBody(4);
        CountingSubscription subscription = new CountingSubscription();
        body.onSubscribe(subscription);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                body.next();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        assertThat(reader).isNotDone();

        body.close(); // what the stall watchdog does, from its own thread
        assertThat(reader.get(5, TimeUnit.SECONDS))
                .isInstanceOf(IOException.class)
                .hasMessage("The response body was closed");
        assertThat(subscription.cancelled).isTrue();
    }

    @Test
    void whatWasReadAheadIsDroppedOnceClosed() {
        ReadAheadBody body = new ReadAheadBody(4);
        body.onSubscribe(new CountingSubscription());
        body.onNext(buffers("never read"));
        body.close();
        assertThatThrownBy(body::next).isInstanceOf(IOException.class).hasMessage("The response body was closed");
    }

    @Test
    void aSubscriptionAfterCloseIsCancelledAtOnce() {
        ReadAheadBody body = new ReadAheadBody(4);
        body.close();
        CountingSubscription subscription = new CountingSubscription();
        body.onSubscribe(subscription);
        assertThat(subscription.cancelled).isTrue();
        assertThat(subscription.requested).hasValue(0);
    }

    @Test
    void anInterruptedReaderFailsAndKeepsItsFlag() {
        ReadAheadBody body = new ReadAheadBody(4);
        body.onSubscribe(new CountingSubscription());
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(body::next).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesADepthBelowOne() {
        assertThatThrownBy(() -> new ReadAheadBody(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
