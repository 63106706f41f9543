package org.sensorsandmore.http.api;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes through until a chosen byte, then sends what came before it and fails: how the
 * server cuts a stream mid-way (the handler then aborts the connection, so the client sees a
 * chunked body end without its last chunk).
 */
final class CuttingOutputStream extends FilterOutputStream {
    private final long cutAt;
    private long written;

    CuttingOutputStream(OutputStream out, long cutAt) {
        super(out);
        this.cutAt = cutAt;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (cutAt >= 0 && written + length > cutAt) {
            int kept = (int) (cutAt - written);
            out.write(bytes, offset, kept);
            out.flush();
            written = cutAt;
            throw new InjectedCutException(cutAt);
        }
        out.write(bytes, offset, length);
        written += length;
    }

    /** The failure that marks an injected cut, so that it is not logged as a server fault. */
    static final class InjectedCutException extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedCutException(long at) {
            super("Stream cut on purpose at byte " + at + " (fault injection)");
        }
    }
}
