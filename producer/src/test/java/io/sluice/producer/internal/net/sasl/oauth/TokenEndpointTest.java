package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token endpoint client against a scripted local HTTP server, with a clock the sleeper advances. */
class TokenEndpointTest {
    private static final String SECRET = "endpoint-secret-19ab";

    private final Deque<String[]> answers = new ArrayDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<Long> waits = new ArrayList<>();
    private HttpServer server;

    private TokenEndpoint endpoint(long backoffMs, long backoffMaxMs) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/token", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String[] answer = answers.isEmpty() ? new String[] {"500", ""} : answers.poll();
                byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        return new TokenEndpoint(
                uri,
                Grant.clientSecret("app", SECRET, "produce", false),
                new TokenEndpoint.Timing(5_000, 5_000, backoffMs, backoffMaxMs),
                clock::get,
                ms -> {
                    waits.add(ms);
                    clock.addAndGet(ms);
                });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        answers.add(new String[] {String.valueOf(status), body});
    }

    @Test
    void returnsTheAccessTokenOfTheAnswer() throws Exception {
        TokenEndpoint endpoint = endpoint(100, 10_000);
        answer(200, "{\"access_token\":\"h.p.s\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

        assertThat(endpoint.fetch()).isEqualTo("h.p.s");
        assertThat(bodies).containsExactly("grant_type=client_credentials&scope=produce");
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesServerErrorsWithADoublingBackoff() throws Exception {
        TokenEndpoint endpoint = endpoint(100, 10_000);
        answer(503, "");
        answer(502, "");
        answer(500, "");
        answer(201, "{\"access_token\":\"h.p.s\"}");

        assertThat(endpoint.fetch()).isEqualTo("h.p.s");
        assertThat(waits).containsExactly(100L, 200L, 400L);
    }

    @Test
    void givesUpOnceTheMaximumBackoffHasPassedSinceTheFirstAttempt() throws Exception {
        TokenEndpoint endpoint = endpoint(100, 1_000);

        TokenFetchException e = catchThrowableOfType(TokenFetchException.class, endpoint::fetch);

        assertThat(waits).containsExactly(100L, 200L, 400L, 300L);
        assertThat(e.getMessage()).contains("HTTP 500").contains("after 5 attempts");
    }

    @Test
    void aRefusedCredentialIsNotRetriedAndTheMessageNamesEndpointStatusAndError() throws Exception {
        TokenEndpoint endpoint = endpoint(100, 10_000);
        answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}");

        TokenFetchException e = catchThrowableOfType(TokenFetchException.class, endpoint::fetch);

        assertThat(e.retriable()).isFalse();
        assertThat(waits).isEmpty();
        assertThat(e.getMessage())
                .isEqualTo("the token endpoint http://127.0.0.1:"
                        + server.getAddress().getPort()
                        + "/token answered HTTP 401 {invalid_client - bad secret [hidden]}");
        assertThat(endpoint.toString()).doesNotContain(SECRET);
    }

    @Test
    void anAnswerWithoutAnAccessTokenIsAnError() throws Exception {
        TokenEndpoint endpoint = endpoint(100, 10_000);
        answer(200, "{\"token_type\":\"Bearer\"}");

        assertThat(catchThrowableOfType(TokenFetchException.class, endpoint::fetch))
                .hasMessageEndingWith("answered HTTP 200 without an access_token");
    }

    @Test
    void anUnreachableEndpointIsRetriedThenReported() throws Exception {
        endpoint(100, 300);
        server.stop(0); // its port now has nothing listening
        TokenEndpoint endpoint = new TokenEndpoint(
                URI.create("http://user:pw@127.0.0.1:" + server.getAddress().getPort() + "/token?x=1"),
                Grant.clientSecret("app", SECRET, null, false),
                new TokenEndpoint.Timing(2_000, 2_000, 100, 300),
                clock::get,
                ms -> {
                    waits.add(ms);
                    clock.addAndGet(ms);
                });

        TokenFetchException e = catchThrowableOfType(TokenFetchException.class, endpoint::fetch);

        assertThat(waits).containsExactly(100L, 200L);
        assertThat(e.getMessage()).contains("could not be reached").doesNotContain("pw", "x=1");
    }
}
