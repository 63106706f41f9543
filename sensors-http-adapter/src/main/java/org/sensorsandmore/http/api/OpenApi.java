package org.sensorsandmore.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The API's OpenAPI 3.1 description, {@code /openapi.json}, as the original's FastAPI served one. It
 * is written by hand, next to this class, so that it can say what each answer means; the tests
 * hold it to {@link Route}, the routes and parameters the server really reads.
 */
final class OpenApi {
    static final String RESOURCE = "openapi.json";

    private static final byte[] DOCUMENT = load();

    private OpenApi() {}

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the class path: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the document's UTF-8 bytes, read-only and shared */
    static ByteBuffer document() {
        return ByteBuffer.wrap(DOCUMENT).asReadOnlyBuffer();
    }
}
