package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

class RetrierTest {

    @Test
    void networkFailuresAreToldInWordsNeverByTheirClassName() {
        // The JDK's HttpClient throws a ConnectException without a message for a refused connection.
        assertThat(Retrier.describe(new ConnectException())).isEqualTo("cannot connect (is the server running?)");
        assertThat(Retrier.describe(new ConnectException("Connection refused")))
                .isEqualTo("cannot connect: Connection refused (is the server running?)");
        // A host that does not resolve: a ConnectException caused by an UnresolvedAddressException.
        assertThat(Retrier.describe(new ConnectException().initCause(new UnresolvedAddressException())))
                .isEqualTo("unknown host");
        assertThat(Retrier.describe(new IOException(new UnknownHostException("sensors.invalid"))))
                .isEqualTo("unknown host sensors.invalid");
        assertThat(Retrier.describe(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("HTTP connect timed out");
        assertThat(Retrier.describe(new EOFException())).isEqualTo("the connection ended early");
        assertThat(Retrier.describe(new IOException())).isEqualTo("the connection failed");
        assertThat(Retrier.describe(new IOException("closed"))).isEqualTo("closed");
    }

    @Test
    void anotherWebServersPageIsToldByItsTitleNotItsMarkup() {
        String page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n  <head>\n    <title>Error response</title>\n  </head>\n"
                + "  <body><h1>Error response</h1><p>Error code: 404</p></body>\n</html>\n";

        assertThat(Retrier.describe(404, page))
                .isEqualTo("HTTP 404 with a web page titled 'Error response', not an answer of the client API"
                        + " (is the address the API's?)");
        assertThat(Retrier.describe(502, "<html><body>Bad gateway</body></html>"))
                .isEqualTo("HTTP 502 with a web page, not an answer of the client API (is the address the API's?)");
        // The API's own answers are told as they are, on one line.
        assertThat(Retrier.describe(404, "\"Use a date\n in the past.\""))
                .isEqualTo("HTTP 404 \"Use a date in the past.\"");
    }
}
