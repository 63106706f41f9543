package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private static final long TTL = 1_000;

    private static ResponseCache.Answer answer(int status, int bytes) {
        return new ResponseCache.Answer(status, "text/plain", null, new byte[bytes]);
    }

    @Test
    void anAnswerIsServedAgainWhileTheDataLooksTheSameAndTheTtlLasts() {
        ResponseCache cache = new ResponseCache(TTL);
        ResponseCache.Answer answer = answer(200, 10);
        cache.put("/a", "v1", 0, answer);
        assertThat(cache.get("/a", "v1", TTL)).isSameAs(answer);
        assertThat(cache.get("/b", "v1", 0)).isNull();
    }

    @Test
    void changedCoverageOrAnExpiredTtlAsksAgain() {
        ResponseCache cache = new ResponseCache(TTL);
        cache.put("/a", "v1", 0, answer(200, 10));
        assertThat(cache.get("/a", "v2", 1)).isNull();
        assertThat(cache.size()).isZero();
        cache.put("/a", "v1", 0, answer(200, 10));
        assertThat(cache.get("/a", "v1", TTL + 1)).isNull();
    }

    @Test
    void errorsHugeAnswersAndADisabledCacheKeepNothing() {
        ResponseCache cache = new ResponseCache(TTL);
        cache.put("/error", "v", 0, answer(400, 10));
        cache.put("/huge", "v", 0, answer(200, ResponseCache.MAX_ANSWER_BYTES + 1));
        assertThat(cache.size()).isZero();
        ResponseCache disabled = new ResponseCache(0);
        disabled.put("/a", "v", 0, answer(200, 1));
        assertThat(disabled.get("/a", "v", 0)).isNull();
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenFull() {
        ResponseCache cache = new ResponseCache(TTL);
        int big = ResponseCache.MAX_ANSWER_BYTES;
        int fit = (int) (ResponseCache.MAX_BYTES / big);
        for (int i = 0; i < fit; i++) {
            cache.put("/" + i, "v", 0, answer(200, big));
        }
        assertThat(cache.get("/0", "v", 0)).isNotNull(); // now the most recently used
        cache.put("/new", "v", 0, answer(200, big));
        assertThat(cache.size()).isEqualTo(fit);
        assertThat(cache.get("/0", "v", 0)).isNotNull();
        assertThat(cache.get("/1", "v", 0)).isNull();
    }
}
