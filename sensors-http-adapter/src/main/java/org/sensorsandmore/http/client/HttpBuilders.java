package org.sensorsandmore.http.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Builders of the JDK's HTTP client for one address, and its release ({@link #release}). For an
 * {@code http://} address the builder gets a TLS context that refuses to be used, instead of the
 * JDK's default one: plain HTTP never
 * negotiates TLS (the client follows no redirect, so it never leaves the address's scheme), and the
 * default context loads the JDK's trust store and TLS classes, about 0.2 s of a command's start
 * (measured: a client's first request 330 ms against 140 ms), a tenth of an hourly cron run.
 */
public final class HttpBuilders {
    /** The number a JDK 17 client's {@code toString()} ends with: {@code …HttpClientImpl@1b6d3586(7)}. */
    private static final Pattern CLIENT_NUMBER = Pattern.compile("\\((\\d+)\\)$");

    private HttpBuilders() {}

    /**
     * @param address the address every request of the client goes to
     * @return a builder of a client for it, not following redirects
     */
    public static HttpClient.Builder forAddress(URI address) {
        Objects.requireNonNull(address, "address");
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equalsIgnoreCase(address.getScheme())) {
            builder.sslContext(new NoTls()).sslParameters(new SSLParameters());
        }
        return builder;
    }

    /**
     * Releases a client: its connections and the thread that waits on its sockets. The JDK's client
     * has a {@code close()} from JDK 21 on; before, it stops only once it is unreachable, and its
     * thread, left waiting in native code, holds the JVM's exit for 0.3 s (HotSpot waits up to
     * 30 × 10 ms for threads in native code to stop): a tenth of an hourly cron run. On those JDKs
     * this interrupts that thread, which is how the client stops it itself: the client's {@code
     * toString()} ends with its number, and the thread is named {@code
     * HttpClient-<number>-SelectorManager}. Requests still running fail; a released client takes no
     * more.
     *
     * @param client a client, released once its requests are done
     */
    public static void release(HttpClient client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof AutoCloseable closeable) { // JDK 21 and later
            try {
                closeable.close();
            } catch (Exception e) {
                // HttpClient.close() declares no exception: a RuntimeException, thrown as it came.
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            return;
        }
        Matcher number = CLIENT_NUMBER.matcher(client.toString());
        if (!number.find()) {
            return; // another JDK's client: it stops when unreachable
        }
        String name = "HttpClient-" + number.group(1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            if (threads[i].getName().equals(name)) {
                threads[i].interrupt();
                joinBriefly(threads[i]);
            }
        }
    }

    /** Waits a moment for a stopping thread, so that the exit that may follow finds it gone. */
    private static void joinBriefly(Thread thread) {
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TLS context for a client that speaks plain HTTP only: any use of it is a bug. */
    private static final class NoTls extends SSLContext {
        NoTls() {
            super(new Refusing(), null, "none");
        }
    }

    private static final class Refusing extends SSLContextSpi {
        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("A client built for an http:// address has no TLS");
        }
    }
}
