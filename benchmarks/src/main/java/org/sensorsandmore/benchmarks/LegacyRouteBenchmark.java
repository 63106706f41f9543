package org.sensorsandmore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.sensorsandmore.benchmarks.support.ClassicApi;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.http.api.TrafficApiServer;

/**
 * Requests per second of the original's per-hour route on {@code TrafficApiServer}, with 4
 * keep-alive connections on loopback (the original's uvicorn: 2,305 requests/s with 4
 * connections). Each JMH thread owns one connection and sends a request, then reads the whole
 * answer: a minimal HTTP/1.1 client, so the score is the server's, not a client library's.
 * Server and client share the machine's cores.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LegacyRouteBenchmark -f 1</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(4)
public class LegacyRouteBenchmark {

    /** The server, shared by the threads. */
    @State(Scope.Benchmark)
    public static class Server {
        TrafficApiServer api;

        @Setup(Level.Trial)
        public void start() {
            api = ClassicApi.start(StoreNetwork.original());
        }

        @TearDown(Level.Trial)
        public void stop() {
            api.close();
        }
    }

    /** One keep-alive connection per thread, and the requests it cycles through. */
    @State(Scope.Thread)
    public static class Connection {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final byte[] buffer = new byte[4096];
        private byte[][] requests;
        private int next;

        @Setup(Level.Trial)
        public void open(Server server) throws IOException {
            socket = new Socket("127.0.0.1", server.api.port());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            // A day of Paris: 20 sensors x 24 hours, so the answers vary as a download's do.
            requests = new byte[20 * 24][];
            for (int i = 0; i < requests.length; i++) {
                String target =
                        "/?store_name=Paris&year=2024&month=7&day=30&hour=" + (i / 20) + "&sensor_id=" + (i % 20);
                requests[i] =
                        ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }

        /** Sends one request and reads its answer to the end; returns the body's first byte. */
        int roundTrip() throws IOException {
            out.write(requests[next]);
            next = (next + 1) % requests.length;
            int length = 0;
            while (true) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    throw new IOException("The server closed the connection");
                }
                length += n;
                int headerEnd = indexOf(buffer, length);
                if (headerEnd >= 0) {
                    int contentLength = contentLength(buffer, headerEnd);
                    while (length < headerEnd + 4 + contentLength) {
                        n = in.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            throw new IOException("The server closed the connection");
                        }
                        length += n;
                    }
                    return buffer[headerEnd + 4];
                }
            }
        }

        private static int indexOf(byte[] b, int length) {
            for (int i = 0; i + 3 < length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static int contentLength(byte[] b, int headerEnd) {
            String head = new String(b, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                throw new IllegalStateException("No content length in " + head);
            }
            int end = head.indexOf('\r', at);
            return Integer.parseInt(
                    head.substring(at + 15, end < 0 ? head.length() : end).strip());
        }
    }

    /** @return the first byte of the answer */
    @Benchmark
    public int request(Connection connection) throws IOException {
        return connection.roundTrip();
    }
}
