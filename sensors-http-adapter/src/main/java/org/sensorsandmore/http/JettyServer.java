package org.sensorsandmore.http;

import java.util.Objects;
import java.util.function.Function;
import org.eclipse.jetty.server.Server;

/**
 * What the two servers of this module share once they listen: waiting for a Jetty server to stop,
 * and stopping it, which finishes the requests in flight within the server's stop timeout.
 *
 * <p>This class is thread-safe.
 */
public abstract class JettyServer implements AutoCloseable {
    private final Server server;
    private final Function<Exception, RuntimeException> stopFailure;

    /**
     * @param server the Jetty server, started or about to be
     * @param stopFailure the exception {@link #close()} throws when the server does not stop cleanly
     */
    protected JettyServer(Server server, Function<Exception, RuntimeException> stopFailure) {
        this.server = Objects.requireNonNull(server, "server");
        this.stopFailure = stopFailure;
    }

    /**
     * Blocks until the server stops (for a command that serves until it is interrupted).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public final void join() throws InterruptedException {
        server.join();
    }

    /** Stops listening and finishes the requests in flight (for at most the server's stop timeout). */
    @Override
    public final void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw stopFailure.apply(e);
        }
    }
}
