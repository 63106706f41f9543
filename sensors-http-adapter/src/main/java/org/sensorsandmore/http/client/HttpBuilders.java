package org.sensorsandmore.http.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.Objects;
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
 * Builders of the JDK's HTTP client for one address. For an {@code http://} address the builder
 * gets a TLS context that refuses to be used, instead of the JDK's default one: plain HTTP never
 * negotiates TLS (the client follows no redirect, so it never leaves the address's scheme), and the
 * default context loads the JDK's trust store and TLS classes, about 0.2 s of a command's start
 * (measured: a client's first request 330 ms against 140 ms), a tenth of an hourly cron run.
 */
public final class HttpBuilders {
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
