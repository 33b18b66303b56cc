package io.sluice.producer.internal.net.sasl;

import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.producer.internal.net.Transport;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsRequest;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.message.SaslAuthenticateRequest;
import io.sluice.protocol.message.SaslAuthenticateResponse;
import io.sluice.protocol.message.SaslHandshakeRequest;
import io.sluice.protocol.message.SaslHandshakeResponse;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * SASL authentication over another transport (plaintext or TLS), run inside {@link #handshake()} so the
 * connection sends its own ApiVersions only once the broker has accepted the credential.
 *
 * <pre>
 *   inner handshake (TLS, if any)
 *   ApiVersions        -&gt; which SaslHandshake and SaslAuthenticate versions the broker speaks
 *   SaslHandshake v1   -&gt; the mechanism is enabled, or UNSUPPORTED_SASL_MECHANISM with the list that is
 *   SaslAuthenticate*  -&gt; one per mechanism message, until the mechanism is done and the broker says NONE
 *   done: read and write pass straight to the inner transport
 * </pre>
 *
 * <p>The exchange writes its own frames with the protocol codecs, one at a time, and reads each answer with a
 * small frame reader of its own. A refusal (wrong credential, mechanism not enabled, a broker that cannot prove
 * it knows a SCRAM credential) throws an {@link AuthenticationException} naming the broker and the broker's reason,
 * after reporting it to the failure sink; a connection lost mid-way is an ordinary {@link IOException}.
 *
 * <p>When the broker announces a session lifetime (KIP-368), the transport re-authenticates on the same
 * connection before it ends, at the first write after 85-95% of it when no request awaits a response (it counts
 * request and response frames by their size fields to know). A connection used only with {@code acks=0}, whose
 * requests get no response, is never idle in that sense: the broker closes it at the end of the session and the
 * next connection authenticates afresh.
 */
public final class SaslTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(SaslTransport.class.getName());
    private static final String SOFTWARE_NAME = "sluice";
    private static final String SOFTWARE_VERSION = "0.1.0";
    /** SASL answers are small; anything larger is not a broker speaking SASL. */
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private enum State {
        INNER_HANDSHAKE,
        AWAIT_API_VERSIONS,
        AWAIT_SASL_HANDSHAKE,
        AWAIT_SASL_AUTHENTICATE,
        DONE
    }

    private final Transport inner;
    private final SaslCredentials credentials;
    private final String broker;
    private final String clientId;
    private final Consumer<AuthenticationException> failures;
    private final LongSupplier clockMs;
    private final ByteWriter out = new ByteWriter(256);
    private final ByteBuffer sizeIn = ByteBuffer.allocate(4);
    private ByteBuffer frameOut;
    private ByteBuffer bodyIn;
    private State state = State.INNER_HANDSHAKE;
    private ApiKey awaitedKey;
    private short awaitedVersion;
    private int correlationId;
    private short authenticateVersion;
    private SaslMechanismClient mechanism;
    private long sessionExpiresAtMs = Long.MAX_VALUE;
    private long reauthenticateAtMs = Long.MAX_VALUE;
    private boolean reauthenticating;
    private long reauthenticationStartNs;
    private ProducerMetrics metrics = ProducerMetrics.NONE;
    private short handshakeVersion;
    private final FrameCounter requests = new FrameCounter();
    private final FrameCounter responses = new FrameCounter();

    /**
     * @param broker how messages name the broker, e.g. {@code 127.0.0.1:9092}
     * @param failures told of every authentication failure before it is thrown
     */
    public SaslTransport(
            Transport inner,
            SaslCredentials credentials,
            String broker,
            String clientId,
            Consumer<AuthenticationException> failures,
            LongSupplier clockMs) {
        this.inner = inner;
        this.credentials = credentials;
        this.broker = broker;
        this.clientId = clientId;
        this.failures = failures;
        this.clockMs = clockMs;
    }

    @Override
    public SocketChannel channel() {
        return inner.channel();
    }

    @Override
    public boolean handshake() throws IOException {
        if (state == State.DONE) {
            return true;
        }
        if (state == State.INNER_HANDSHAKE) {
            if (!inner.handshake()) {
                return false;
            }
            send(new ApiVersionsRequest(SOFTWARE_NAME, SOFTWARE_VERSION), ApiKey.API_VERSIONS.latestVersion());
            state = State.AWAIT_API_VERSIONS;
        }
        return exchange();
    }

    /** Writes the pending frame and handles the broker's answers; true once the exchange is over. */
    private boolean exchange() throws IOException {
        while (flush()) {
            ByteReader frame = readFrame();
            if (frame == null) {
                return false;
            }
            int id = ResponseHeader.readCorrelationId(frame, awaitedKey, awaitedVersion);
            if (id != correlationId) {
                throw new IOException("broker " + broker + " answered correlation id " + id + " during SASL, expected "
                        + correlationId);
            }
            switch (state) {
                case AWAIT_API_VERSIONS -> onApiVersions(ApiVersionsResponse.read(frame, awaitedVersion));
                case AWAIT_SASL_HANDSHAKE -> onSaslHandshake(SaslHandshakeResponse.read(frame, awaitedVersion));
                case AWAIT_SASL_AUTHENTICATE ->
                    onSaslAuthenticate(SaslAuthenticateResponse.read(frame, awaitedVersion));
                default -> throw new IllegalStateException("unexpected state " + state);
            }
            if (state == State.DONE) {
                return true;
            }
        }
        return false;
    }

    private void onApiVersions(ApiVersionsResponse response) {
        if (response.error() == Errors.UNSUPPORTED_VERSION) {
            ApiVersionsResponse.ApiVersion theirs = response.find(ApiKey.API_VERSIONS);
            if (theirs != null && theirs.maxVersion() < awaitedVersion) {
                send(new ApiVersionsRequest(SOFTWARE_NAME, SOFTWARE_VERSION), theirs.maxVersion());
                return;
            }
        }
        if (response.error() != Errors.NONE) {
            throw fail("its ApiVersions answer is " + response.error().name());
        }
        handshakeVersion = pick(response, ApiKey.SASL_HANDSHAKE, (short) 1);
        authenticateVersion = pick(response, ApiKey.SASL_AUTHENTICATE, (short) 0);
        send(new SaslHandshakeRequest(credentials.mechanism()), handshakeVersion);
        state = State.AWAIT_SASL_HANDSHAKE;
    }

    /** The highest version both sides speak, at least {@code floor}; fails when there is none. */
    private short pick(ApiVersionsResponse response, ApiKey key, short floor) {
        ApiVersionsResponse.ApiVersion theirs = response.find(key);
        short version = theirs == null ? -1 : (short) Math.min(theirs.maxVersion(), key.latestVersion());
        if (theirs == null || version < Math.max(floor, theirs.minVersion())) {
            throw fail("it does not speak " + key + " at a version this client knows (is this a SASL listener?)");
        }
        return version;
    }

    private void onSaslHandshake(SaslHandshakeResponse response) {
        if (response.error() == Errors.UNSUPPORTED_SASL_MECHANISM) {
            throw fail("it does not enable SASL mechanism " + credentials.mechanism() + "; it enables "
                    + response.mechanisms() + " (sasl.mechanism)");
        }
        if (response.error() != Errors.NONE) {
            throw fail("SaslHandshake failed with " + response.error().name());
        }
        try {
            mechanism = credentials.newClient();
        } catch (SaslFailure e) {
            throw fail(e.getMessage());
        }
        sendToken(mechanism.initialResponse());
    }

    private void onSaslAuthenticate(SaslAuthenticateResponse response) {
        if (response.error() != Errors.NONE) {
            String why = response.errorMessage() != null
                    ? response.errorMessage()
                    : response.error().description();
            // The broker's OAUTHBEARER error came as a challenge; add it unless its message already holds it.
            String extra = mechanism instanceof OAuthBearerClient o
                            && o.brokerError() != null
                            && !why.contains(o.brokerError())
                    ? " " + o.brokerError()
                    : "";
            throw fail(response.error().name() + ": " + why + extra);
        }
        byte[] next;
        try {
            next = mechanism.evaluate(response.authBytes());
        } catch (SaslFailure e) {
            throw fail(e.getMessage());
        }
        if (next != null) {
            sendToken(next);
            return;
        }
        if (!mechanism.isComplete()) {
            throw fail("the " + mechanism.mechanism() + " exchange ended before it was complete");
        }
        long now = clockMs.getAsLong();
        if (response.sessionLifetimeMs() > 0) {
            // Re-authenticate between 85% and 95% of the session, as KIP-368 suggests, so brokers restarting
            // sessions together do not all see their clients come back at once.
            sessionExpiresAtMs = now + response.sessionLifetimeMs();
            double fraction = 0.85
                    + 0.1 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            reauthenticateAtMs = now + (long) (response.sessionLifetimeMs() * fraction);
        } else {
            sessionExpiresAtMs = Long.MAX_VALUE;
            reauthenticateAtMs = Long.MAX_VALUE;
        }
        LOG.log(
                Level.DEBUG,
                "{0} to {1} with {2}; session lifetime {3} ms",
                reauthenticating ? "re-authenticated" : "authenticated",
                broker,
                mechanism.mechanism(),
                response.sessionLifetimeMs());
        if (reauthenticating) {
            // Measured in ns and recorded as fractional ms: on a local broker it often takes less than one.
            metrics.reauthenticated((System.nanoTime() - reauthenticationStartNs) / 1e6, now);
        }
        reauthenticating = false;
        state = State.DONE;
    }

    private void sendToken(byte[] token) {
        send(new SaslAuthenticateRequest(token), authenticateVersion);
        state = State.AWAIT_SASL_AUTHENTICATE;
    }

    private AuthenticationException fail(String reason) {
        AuthenticationException failure = new AuthenticationException(
                "SASL authentication to broker " + broker + " with " + credentials.mechanism() + " failed: " + reason);
        failures.accept(failure);
        return failure;
    }

    private void send(Request request, short version) {
        out.reset();
        correlationId++;
        RequestHeader.writeFrame(out, request, version, correlationId, clientId);
        awaitedKey = request.apiKey();
        awaitedVersion = version;
        frameOut = ByteBuffer.wrap(out.array(), 0, out.position());
    }

    /** Writes the pending frame; true when nothing is left to write. */
    private boolean flush() throws IOException {
        while (frameOut != null && frameOut.hasRemaining()) {
            if (inner.write(frameOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The next whole frame, or null until one has arrived. */
    private ByteReader readFrame() throws IOException {
        if (bodyIn == null) {
            if (fill(sizeIn)) {
                return null;
            }
            int size = sizeIn.getInt(0);
            if (size < 0 || size > MAX_FRAME_BYTES) {
                throw new IOException("broker " + broker + " sent a frame of " + size + " bytes during SASL"
                        + " (is this a SASL listener?)");
            }
            bodyIn = ByteBuffer.allocate(size);
        }
        if (fill(bodyIn)) {
            return null;
        }
        ByteBuffer body = bodyIn.flip();
        bodyIn = null;
        sizeIn.clear();
        return new ByteReader(body);
    }

    /** Reads into {@code dst}; true while it still has room. */
    private boolean fill(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = inner.read(dst);
            if (n < 0) {
                throw new EOFException("broker " + broker + " closed the connection during SASL authentication");
            }
            if (n == 0) {
                return true;
            }
        }
        return false;
    }

    /** When the broker's session ends, or {@code Long.MAX_VALUE} when it set no lifetime. */
    public long sessionExpiresAtMs() {
        return sessionExpiresAtMs;
    }

    /**
     * Application bytes, counted as response frames. While re-authenticating, the broker's SASL answers are
     * consumed here and nothing reaches the connection.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (reauthenticating) {
            exchange();
            return 0;
        }
        int before = dst.position();
        int n = inner.read(dst);
        if (n > 0) {
            responses.feed(dst, before, before + n);
        }
        return n;
    }

    /**
     * Application bytes, counted as request frames. Once the session nears its end, and no request awaits its
     * response, the next write starts a re-authentication instead (SaslHandshake and SaslAuthenticate on this
     * connection, KIP-368) and writes nothing until it is over; the connection offers the same bytes again.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!reauthenticating
                && clockMs.getAsLong() >= reauthenticateAtMs
                && requests.atBoundary()
                && requests.frames() == responses.frames()) {
            reauthenticating = true;
            reauthenticationStartNs = System.nanoTime();
            send(new SaslHandshakeRequest(credentials.mechanism()), handshakeVersion);
            state = State.AWAIT_SASL_HANDSHAKE;
        }
        if (reauthenticating) {
            flush();
            return 0;
        }
        int before = src.position();
        int n = inner.write(src);
        if (n > 0) {
            requests.feed(src, before, before + n);
        }
        return n;
    }

    /** Re-authentications are recorded here; the connection records the first authentication and refusals. */
    @Override
    public void recordInto(ProducerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean hasBufferedWrites() {
        return (frameOut != null && frameOut.hasRemaining()) || inner.hasBufferedWrites();
    }

    @Override
    public boolean hasBufferedReads() {
        return inner.hasBufferedReads();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
