package org.sensorsandmore.http.dashboard;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * The body of an answer that may be large. It is kept whole while it fits in a limit, so a small
 * answer is sent with its length and can be cached. Once it outgrows the limit, the status and
 * headers are sent and the body follows in chunks as it is written: a download of any size costs the
 * server at most the limit and one chunk, and its first bytes leave long before its last row is read.
 *
 * <p>Once streaming, a failure can no longer become an error answer: the caller then fails the
 * response, which aborts the connection without the last chunk, so the client sees an incomplete
 * answer, never a complete-looking truncated one. Not thread-safe: one request's thread writes it.
 */
final class AnswerBody extends OutputStream {
    /** What each write to the connection carries once streaming. */
    static final int CHUNK_BYTES = 64 << 10;

    private final Response response;
    private final String contentType;
    private final String disposition;
    private final int keepAtMost;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream(8192);
    private OutputStream streamed;

    /**
     * @param disposition the Content-Disposition of a download, or null
     * @param keepAtMost the most bytes kept whole; a larger body is streamed
     */
    AnswerBody(Response response, String contentType, String disposition, int keepAtMost) {
        this.response = response;
        this.contentType = contentType;
        this.disposition = disposition;
        this.keepAtMost = keepAtMost;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (streamed == null) {
            if (kept.size() + length <= keepAtMost) {
                kept.write(bytes, offset, length);
                return;
            }
            startStreaming();
        }
        streamed.write(bytes, offset, length);
    }

    private void startStreaming() throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        if (disposition != null) {
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, disposition);
        }
        // No Content-Length: Jetty sends the body chunked, and only a finished body gets its last chunk.
        streamed = new BufferedOutputStream(Content.Sink.asOutputStream(response), CHUNK_BYTES);
        kept.writeTo(streamed);
        kept = null;
    }

    /** @return whether the status and the first bytes were sent, so the answer can no longer change */
    boolean streaming() {
        return streamed != null;
    }

    /** @return the whole body, when it was not streamed */
    byte[] keptBytes() {
        if (streamed != null) {
            throw new IllegalStateException("The body was streamed");
        }
        return kept.toByteArray();
    }

    /** Sends the rest of a streamed body and its last chunk, blocking until the client took them. */
    void finishStreaming() throws IOException {
        streamed.close();
    }
}
