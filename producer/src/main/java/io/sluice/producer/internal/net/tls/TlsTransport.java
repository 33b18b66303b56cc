package io.sluice.producer.internal.net.tls;

import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.internal.net.ListenerMismatchWatch;
import io.sluice.producer.internal.net.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}.
 *
 * <pre>
 *   connection bytes --write--&gt; engine.wrap   --&gt; netOut --&gt; socket
 *   connection bytes &lt;--read--- appIn &lt;-- engine.unwrap &lt;-- netIn  &lt;-- socket
 * </pre>
 *
 * <p>Invariants: {@code netOut} is in read mode and holds TLS records not yet on the socket; {@code netIn} is in
 * write mode and holds bytes read off the socket not yet unwrapped; {@code appIn} is in read mode and holds
 * plaintext not yet handed to the connection.
 *
 * <p>Writes report bytes as consumed only once their TLS records are wholly on the socket. When a wrapped record
 * is left half-written, {@link #write} answers 0 and remembers how many bytes of the caller's buffer it already
 * wrapped; the caller offers the same bytes again (it keeps them until they are reported written) and they are
 * acknowledged once the record's tail is flushed. That keeps the caller's write interest up for exactly as long
 * as TLS bytes wait, without it having to know about TLS.
 *
 * <p>A failed handshake (untrusted certificate, host name mismatch, refused client certificate) throws an
 * {@link AuthenticationException} naming the broker and the reason, after reporting it to the failure sink.
 */
public final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final String broker;
    private final Consumer<AuthenticationException> failures;
    private final ListenerMismatchWatch watch;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    private boolean handshakeStarted;
    private boolean handshakeDone;
    private boolean eof;
    private int wrappedNotAcknowledged;

    /**
     * @param broker how messages name the broker, e.g. {@code 127.0.0.1:9093}
     * @param failures told of every authentication failure before it is thrown
     * @param watch told whether the broker answers the handshake, to notice a plaintext listener
     */
    public TlsTransport(
            SocketChannel channel,
            SSLEngine engine,
            String broker,
            Consumer<AuthenticationException> failures,
            ListenerMismatchWatch watch) {
        this.channel = channel;
        this.engine = engine;
        this.broker = broker;
        this.failures = failures;
        this.watch = watch;
        int packet = engine.getSession().getPacketBufferSize();
        int app = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(app).flip();
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public boolean handshake() throws IOException {
        if (handshakeDone) {
            return true;
        }
        try {
            if (!handshakeStarted) {
                engine.beginHandshake();
                handshakeStarted = true;
            }
            return stepHandshake();
        } catch (SSLException e) {
            throw handshakeFailed(e);
        }
    }

    private boolean stepHandshake() throws IOException {
        while (true) {
            if (!flushNetOut()) {
                return false;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapForHandshake()) {
                        return false;
                    }
                }
                case NEED_TASK -> runDelegatedTasks();
                default -> {
                    // FINISHED or NOT_HANDSHAKING, with every handshake byte on the wire.
                    handshakeDone = true;
                    watch.answered();
                    return true;
                }
            }
        }
    }

    /** Unwraps one handshake record; false when the socket has no more bytes for now. */
    private boolean unwrapForHandshake() throws IOException {
        SSLEngineResult result = unwrap();
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                int n = channel.read(netIn);
                if (n < 0) {
                    String what = "broker " + broker + " closed the connection during the TLS handshake";
                    watch.closedBeforeAnswer(
                            what,
                            "a plaintext listener does that to a TLS client: check that security.protocol (SSL or"
                                    + " SASL_SSL) matches the listener");
                    throw new EOFException(what);
                }
                return n > 0;
            }
            case CLOSED -> throw new EOFException("broker " + broker + " closed TLS during the handshake");
            default -> {
                return true;
            }
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private AuthenticationException handshakeFailed(SSLException e) {
        // Let the broker know why, if the engine prepared an alert; best effort, the connection is lost anyway.
        try {
            engine.closeOutbound();
            if (!netOut.hasRemaining()) {
                wrap(EMPTY);
            }
            flushNetOut();
        } catch (IOException | RuntimeException ignored) {
            // Nothing more to tell a broker we cannot talk to.
        }
        AuthenticationException failure =
                new AuthenticationException("TLS handshake with broker " + broker + " failed: " + reason(e), e);
        failures.accept(failure);
        return failure;
    }

    /** A reason a person can act on, with the JDK's own words at the end. */
    private String reason(SSLException e) {
        String detail = rootMessage(e);
        String lower = detail.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("pkix") || lower.contains("certification path")) {
            return "its certificate is not trusted; check ssl.truststore.* (" + detail + ")";
        }
        if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
            return "its certificate does not match the host name it was reached at, which"
                    + " ssl.endpoint.identification.algorithm=https requires (" + detail + ")";
        }
        return detail;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        flushNetOut();
        int n = drainAppIn(dst);
        while (dst.hasRemaining()) {
            SSLEngineResult result = unwrap();
            if (result.bytesProduced() > 0) {
                n += drainAppIn(dst);
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                eof = true;
                break;
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                continue;
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                // A post-handshake message (a key update, say) wants an answer.
                wrap(EMPTY);
                flushNetOut();
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || result.bytesConsumed() == 0) {
                if (eof) {
                    break;
                }
                int r = channel.read(netIn);
                if (r < 0) {
                    eof = true;
                } else if (r == 0) {
                    break;
                }
            }
        }
        return n == 0 && eof && !appIn.hasRemaining() ? -1 : n;
    }

    private int drainAppIn(ByteBuffer dst) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        if (n > 0) {
            int limit = appIn.limit();
            appIn.limit(appIn.position() + n);
            dst.put(appIn);
            appIn.limit(limit);
        }
        return n;
    }

    /** Unwraps from netIn into appIn, which must be empty; grows either buffer when the engine asks. */
    private SSLEngineResult unwrap() throws SSLException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
                case BUFFER_UNDERFLOW -> {
                    if (netIn.position() == netIn.capacity()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
                    }
                    return result;
                }
                default -> {
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runDelegatedTasks();
                    }
                    return result;
                }
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
        if (readMode) {
            bigger.put(buffer).flip();
        } else {
            buffer.flip();
            bigger.put(buffer);
        }
        return bigger;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!flushNetOut()) {
            return 0;
        }
        int written = 0;
        if (wrappedNotAcknowledged > 0) {
            // The caller offers again the bytes whose record has now reached the socket.
            src.position(src.position() + wrappedNotAcknowledged);
            written = wrappedNotAcknowledged;
            wrappedNotAcknowledged = 0;
        }
        while (src.hasRemaining()) {
            int consumed = wrap(src);
            if (!flushNetOut()) {
                src.position(src.position() - consumed);
                wrappedNotAcknowledged = consumed;
                break;
            }
            written += consumed;
            if (consumed == 0) {
                break;
            }
        }
        return written;
    }

    /** Wraps what the engine takes from {@code src} into the (empty) netOut; returns the bytes consumed. */
    private int wrap(ByteBuffer src) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult result;
            try {
                result = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), netOut.capacity() * 2))
                        .flip();
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && handshakeDone) {
                throw new SSLException("TLS to broker " + broker + " is closed");
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            }
            return result.bytesConsumed();
        }
    }

    /** Writes what netOut holds; true when it is empty. */
    private boolean flushNetOut() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean hasBufferedWrites() {
        return netOut.hasRemaining();
    }

    /**
     * Plaintext already decrypted, a whole TLS record waiting, or TLS bytes to flush that no write would carry
     * (an answer to a post-handshake message): each needs a {@link #read} even when the socket has nothing new.
     */
    @Override
    public boolean hasBufferedReads() {
        return appIn.hasRemaining() || netIn.position() > 0 || (netOut.hasRemaining() && wrappedNotAcknowledged == 0);
    }

    @Override
    public void close() throws IOException {
        try {
            if (handshakeDone) {
                engine.closeOutbound();
                if (!netOut.hasRemaining()) {
                    wrap(EMPTY);
                }
                flushNetOut();
            }
        } catch (IOException | RuntimeException ignored) {
            // close_notify is a courtesy; the socket closes either way.
        } finally {
            channel.close();
        }
    }
}
