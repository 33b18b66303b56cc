package io.sluice.producer.internal.net.sasl.oauth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Asks an OAuth token endpoint for an access token over the JDK's HTTP client: one form POST per attempt, the grant's
 * body and headers, the access token read from the JSON answer's {@code access_token}.
 *
 * <p>Retries follow Kafka's login settings: after a failed attempt it waits {@code sasl.login.retry.backoff.ms},
 * doubling each time, and gives up once {@code sasl.login.retry.backoff.max.ms} has passed since the first attempt.
 * Answers that say the request itself is wrong (400, 401, 403, 404 and the other client errors Kafka lists, and
 * 501, 505) are not retried. {@code sasl.login.connect.timeout.ms} bounds the connect and
 * {@code sasl.login.read.timeout.ms} the wait for the answer; unset, the JDK's defaults apply (none).
 *
 * <p>Messages name the endpoint (without any user info or query) and the HTTP status with the answer's OAuth
 * {@code error} and {@code error_description}; the request body, the Authorization header and the token are never
 * logged or shown.
 */
public final class TokenEndpoint implements TokenSource {
    private static final System.Logger LOG = System.getLogger(TokenEndpoint.class.getName());
    private static final Set<Integer> NOT_RETRIED =
            Set.of(400, 401, 402, 403, 404, 405, 406, 407, 409, 410, 411, 412, 413, 414, 415, 501, 505);
    private static final int MAX_SHOWN_ERROR_CHARS = 200;

    /** Waits between attempts; a test passes one that only records the wait. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code ms} milliseconds. */
        void sleep(long ms) throws InterruptedException;
    }

    /** The timing settings of the requests. */
    public record Timing(Integer connectTimeoutMs, Integer readTimeoutMs, long backoffMs, long backoffMaxMs) {}

    private final URI uri;
    private final String shownUri;
    private final Grant grant;
    private final Timing timing;
    private final HttpClient client;
    private final LongSupplier clockMs;
    private final Sleeper sleeper;

    /** Creates the endpoint's client; sends nothing yet. */
    public TokenEndpoint(URI uri, Grant grant, Timing timing, LongSupplier clockMs, Sleeper sleeper) {
        this.uri = uri;
        this.shownUri = shown(uri);
        this.grant = grant;
        this.timing = timing;
        this.clockMs = clockMs;
        this.sleeper = sleeper;
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        if (timing.connectTimeoutMs() != null) {
            builder.connectTimeout(Duration.ofMillis(Math.max(1, timing.connectTimeoutMs())));
        }
        this.client = builder.build();
    }

    @Override
    public String fetch() throws TokenFetchException, InterruptedException {
        long start = clockMs.getAsLong();
        long deadline = start + timing.backoffMaxMs();
        long wait = Math.max(1, timing.backoffMs());
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt();
            } catch (TokenFetchException e) {
                long now = clockMs.getAsLong();
                long pause = Math.min(wait, deadline - now);
                if (!e.retriable() || pause <= 0) {
                    throw attempt == 1
                            ? e
                            : new TokenFetchException(e.getMessage() + " (after " + attempt + " attempts)", false);
                }
                LOG.log(Level.DEBUG, "{0}; attempt {1} failed, next in {2} ms", e.getMessage(), attempt, pause);
                sleeper.sleep(pause);
                wait = Math.min(wait * 2, Math.max(1, timing.backoffMaxMs()));
            }
        }
    }

    private String attempt() throws TokenFetchException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(grant.body(clockMs.getAsLong()), StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : grant.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        if (timing.readTimeoutMs() != null) {
            request.timeout(Duration.ofMillis(Math.max(1, timing.readTimeoutMs())));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TokenFetchException(
                    "the token endpoint " + shownUri + " could not be reached: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + grant.redact(e.getMessage())),
                    true);
        }
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            throw new TokenFetchException(
                    "the token endpoint " + shownUri + " answered HTTP " + status + " " + oauthError(response.body()),
                    !NOT_RETRIED.contains(status));
        }
        return accessToken(response.body(), status);
    }

    private String accessToken(String body, int status) throws TokenFetchException {
        Map<String, Object> answer;
        try {
            answer = Json.readObject(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new TokenFetchException(
                    "the token endpoint " + shownUri + " answered HTTP " + status + " with no JSON object: "
                            + e.getMessage(),
                    true);
        }
        if (!(answer.get("access_token") instanceof String token) || token.isBlank()) {
            throw new TokenFetchException(
                    "the token endpoint " + shownUri + " answered HTTP " + status + " without an access_token", false);
        }
        return token;
    }

    /** The OAuth error of an answer (RFC 6749 section 5.2), or a short, redacted excerpt when it has none. */
    private String oauthError(String body) {
        if (body == null || body.isBlank()) {
            return "{}";
        }
        try {
            Map<String, Object> error = Json.readObject(body);
            if (error.containsKey("error")) {
                return grant.redact(
                        "{" + error.get("error") + " - " + error.getOrDefault("error_description", "") + "}");
            }
            if (error.containsKey("errorCode")) {
                return grant.redact(
                        "{" + error.get("errorCode") + " - " + error.getOrDefault("errorSummary", "") + "}");
            }
        } catch (IllegalArgumentException notJson) {
            // Shown as text below.
        }
        String text = grant.redact(body.strip());
        return "{" + (text.length() > MAX_SHOWN_ERROR_CHARS ? text.substring(0, MAX_SHOWN_ERROR_CHARS) + "..." : text)
                + "}";
    }

    private static String shown(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }

    @Override
    public String describe() {
        return "token endpoint " + shownUri;
    }

    @Override
    public String toString() {
        return "TokenEndpoint[" + shownUri + ", " + grant + "]";
    }
}
