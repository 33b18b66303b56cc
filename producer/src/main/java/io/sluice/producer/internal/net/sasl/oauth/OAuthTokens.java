package io.sluice.producer.internal.net.sasl.oauth;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The producer's OAuth access token: fetched once when the producer is created, then refreshed before it expires
 * on a thread of its own, so the network thread only ever reads the cached token and never waits on the token
 * endpoint.
 *
 * <pre>
 *   start()   fetch now, on the creating thread (with the endpoint's retries)
 *   refresh   at RefreshPolicy.refreshAtMs() after each success; 10 s after a failure
 *   token()   the cached token while it has not expired; else the last failure, as an exception
 * </pre>
 *
 * A failure never stops the producer: connections fail to authenticate with the reason (naming the token endpoint
 * and its answer) until a fetch succeeds. A refresh that fails keeps the old token in use while it is valid.
 * {@link #close()} stops the refresh thread. {@link #toString()} never shows the token.
 */
public final class OAuthTokens implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OAuthTokens.class.getName());

    /** Runs the refreshes; a test passes one it steps by hand. */
    public interface Scheduler extends AutoCloseable {
        /** Runs {@code task} once, {@code delayMs} from now. */
        void schedule(Runnable task, long delayMs);

        @Override
        void close();

        /** A single daemon thread. */
        static Scheduler thread(String name) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return new Scheduler() {
                @Override
                public void schedule(Runnable task, long delayMs) {
                    if (!executor.isShutdown()) {
                        executor.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
                    }
                }

                @Override
                public void close() {
                    executor.shutdownNow();
                }
            };
        }
    }

    private final TokenSource source;
    private final String subjectClaim;
    private final RefreshPolicy policy;
    private final Map<String, String> extensions;
    private final LongSupplier clockMs;
    private final Scheduler scheduler;
    private volatile AccessToken current;
    private volatile String lastFailure;
    private volatile boolean closed;

    OAuthTokens(
            TokenSource source,
            String subjectClaim,
            RefreshPolicy policy,
            Map<String, String> extensions,
            LongSupplier clockMs,
            Scheduler scheduler) {
        this.source = source;
        this.subjectClaim = subjectClaim;
        this.policy = policy;
        this.extensions = Map.copyOf(extensions);
        this.clockMs = clockMs;
        this.scheduler = scheduler;
    }

    /** Fetches the first token now, on this thread, and schedules the refreshes. */
    void start() {
        refresh();
    }

    /** Fetches a token and schedules the next fetch; runs on the creating thread, then on the scheduler's. */
    void refresh() {
        if (closed) {
            return;
        }
        long delay;
        try {
            String value = source.fetch();
            long now = clockMs.getAsLong();
            AccessToken token = parse(value, now);
            current = token;
            lastFailure = null;
            delay = policy.refreshAtMs(token, now) - now;
            LOG.log(
                    Level.DEBUG,
                    "OAuth token for {0} from the {1}, expires in {2} ms; next refresh in {3} ms",
                    token.principal(),
                    source.describe(),
                    token.expiresAtMs() - now,
                    delay);
        } catch (TokenFetchException e) {
            lastFailure = e.getMessage();
            delay = RefreshPolicy.RETRY_AFTER_FAILURE_MS;
            LOG.log(Level.WARNING, "no OAuth token: {0}; trying again in {1} ms", e.getMessage(), delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        scheduler.schedule(this::refresh, delay);
    }

    private AccessToken parse(String value, long now) throws TokenFetchException {
        try {
            return AccessToken.parse(value, subjectClaim, now);
        } catch (IllegalArgumentException e) {
            throw new TokenFetchException(
                    "the " + source.describe() + " issued an unusable token: " + e.getMessage(), false);
        }
    }

    /**
     * The token to present now.
     *
     * @throws IllegalStateException when there is no valid token, with the reason (the last failure, or the
     *     expiry); the message holds no secret
     */
    public String token() {
        AccessToken token = current;
        if (token != null && clockMs.getAsLong() < token.expiresAtMs()) {
            return token.value();
        }
        String failure = lastFailure;
        if (failure != null) {
            throw new IllegalStateException("no OAuth token: " + failure);
        }
        throw new IllegalStateException(
                token == null
                        ? "no OAuth token from the " + source.describe() + " yet"
                        : "the OAuth token from the " + source.describe() + " expired and no new one has come");
    }

    /** The SASL extensions sent with the token (the {@code extension_<name>} JAAS options). */
    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.close();
    }

    @Override
    public String toString() {
        return "OAuthTokens[" + source.describe() + ", " + current + "]";
    }
}
