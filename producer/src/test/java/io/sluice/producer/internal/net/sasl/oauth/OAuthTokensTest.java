package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token cache and its refreshes, stepped by hand: a scripted source, a manual clock and scheduler. */
class OAuthTokensTest {
    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong clock = new AtomicLong(T0);
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<Long> delays = new ArrayList<>();
    private final Deque<Runnable> scheduled = new ArrayDeque<>();
    private boolean schedulerClosed;

    private final TokenSource source = new TokenSource() {
        @Override
        public String fetch() throws TokenFetchException {
            Object next = script.poll();
            if (next instanceof TokenFetchException e) {
                throw e;
            }
            return (String) next;
        }

        @Override
        public String describe() {
            return "token endpoint http://idp/token";
        }
    };

    private final OAuthTokens.Scheduler scheduler = new OAuthTokens.Scheduler() {
        @Override
        public void schedule(Runnable task, long delayMs) {
            delays.add(delayMs);
            scheduled.add(task);
        }

        @Override
        public void close() {
            schedulerClosed = true;
        }
    };

    /** No jitter: refresh at 80% of the lifetime, at least 60 s after a fetch, 300 s before expiry. */
    private final OAuthTokens tokens = new OAuthTokens(
            source,
            "sub",
            new RefreshPolicy(0.8, 0.05, 60_000, 300_000, () -> 0.0),
            Map.of("traceId", "t1"),
            clock::get,
            scheduler);

    static String jwt(long iatMs, long expMs, String sub) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":\"" + sub + "\",\"iat\":" + iatMs / 1000 + ",\"exp\":" + expMs / 1000 + "}";
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private void runNext(long atMs) {
        clock.set(atMs);
        scheduled.poll().run();
    }

    @Test
    void fetchesAtStartAndRefreshesAtTheWindowBeforeExpiry() {
        String first = jwt(T0, T0 + 3_600_000, "app");
        String second = jwt(T0 + 2_880_000, T0 + 6_480_000, "app");
        script.add(first);
        script.add(second);

        tokens.start();

        assertThat(tokens.token()).isEqualTo(first);
        assertThat(tokens.extensions()).containsEntry("traceId", "t1");
        assertThat(delays).containsExactly(2_880_000L); // 80% of an hour
        runNext(T0 + 2_880_000);
        assertThat(tokens.token()).isEqualTo(second);
    }

    @Test
    void aFailedRefreshKeepsTheOldTokenUntilItExpiresThenReportsTheFailure() {
        String first = jwt(T0, T0 + 3_600_000, "app");
        script.add(first);
        script.add(new TokenFetchException("the token endpoint http://idp/token answered HTTP 503 {}", true));
        tokens.start();

        runNext(T0 + 2_880_000);

        assertThat(tokens.token()).isEqualTo(first);
        assertThat(delays).last().isEqualTo(RefreshPolicy.RETRY_AFTER_FAILURE_MS);
        clock.set(T0 + 3_600_000);
        assertThatThrownBy(tokens::token)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no OAuth token: the token endpoint http://idp/token answered HTTP 503 {}");
    }

    @Test
    void aFailedFirstFetchIsRetriedAndTheCacheRecovers() {
        script.add(new TokenFetchException("the token endpoint http://idp/token answered HTTP 401 {}", false));
        String token = jwt(T0, T0 + 3_600_000, "app");
        script.add(token);

        tokens.start();

        assertThatThrownBy(tokens::token).hasMessageContaining("HTTP 401");
        runNext(T0 + RefreshPolicy.RETRY_AFTER_FAILURE_MS);
        assertThat(tokens.token()).isEqualTo(token);
    }

    @Test
    void aTokenWithoutAnExpiryIsRefusedWithoutShowingIt() {
        String token = jwt(T0, T0 + 3_600_000, "app");
        script.add(token.substring(0, token.indexOf('.')) + ".e30.c2ln"); // payload {}

        tokens.start();

        assertThatThrownBy(tokens::token)
                .hasMessage("no OAuth token: the token endpoint http://idp/token issued an unusable token: "
                        + "the access token has no numeric exp claim");
    }

    @Test
    void toStringShowsThePrincipalNeverTheTokenAndCloseStopsTheRefreshes() {
        String token = jwt(T0, T0 + 3_600_000, "app");
        script.add(token);
        tokens.start();

        assertThat(tokens.toString()).contains("principal=app").doesNotContain(token);
        tokens.close();
        assertThat(schedulerClosed).isTrue();
        scheduled.poll().run();
        assertThat(script).isEmpty();
        assertThat(delays).hasSize(1);
    }
}
