package io.sluice.bench.compare;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.CompressionType;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The broker-bound ceiling: what a producer that did no work per record could reach. It encodes one Produce
 * request once (a full batch of {@code batch.size} for every partition, compressed as configured) and replays
 * those bytes over one connection with {@code max.in.flight.requests.per.connection} requests in flight, reading
 * and checking every response. Non-idempotent, so the broker takes the same batches again and again.
 *
 * <p>Its records/s is the most any client could get from this broker with these settings; its latency is each
 * request's, counted once per record it carried. Single-broker clusters only: every partition must be led by the
 * bootstrap broker.
 *
 * <p>With {@code security.protocol=SSL} it replays over a blocking {@link SSLSocket} that checks the broker's
 * certificate against {@code ssl.truststore.*} and its name, as the clients do, so the ceiling includes the
 * encryption both clients pay.
 */
final class CeilingRun {
    /** Produce v12: the newest version that names topics (v13 wants topic ids). */
    private static final short PRODUCE_VERSION = 12;

    private static final Header[] NO_HEADERS = new Header[0];

    private final Wire wire;
    private final ByteBuffer frame;
    private final int recordsPerRequest;
    private final int maxInFlight;
    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer responseBuffer = ByteBuffer.allocate(1024);

    private CeilingRun(Wire wire, ByteBuffer frame, int recordsPerRequest, int maxInFlight) {
        this.wire = wire;
        this.frame = frame;
        this.recordsPerRequest = recordsPerRequest;
        this.maxInFlight = maxInFlight;
    }

    /** Connects and encodes the request; {@code settings} are read for acks, batch.size, compression, in-flight. */
    static CeilingRun open(Map<String, Object> settings, String topic, int partitions, byte[] value)
            throws IOException {
        String acksSetting = String.valueOf(settings.getOrDefault("acks", "all"));
        short acks = acksSetting.equals("all") ? -1 : Short.parseShort(acksSetting);
        if (acks == 0) {
            throw new IllegalArgumentException("the ceiling run needs responses: acks=0 is not supported");
        }
        int batchSize = Integer.parseInt(String.valueOf(settings.getOrDefault("batch.size", "16384")));
        Compression compression = Compression.of(
                CompressionType.forName(String.valueOf(settings.getOrDefault("compression.type", "none"))));
        int maxInFlight =
                Integer.parseInt(String.valueOf(settings.getOrDefault("max.in.flight.requests.per.connection", "5")));
        List<ProduceRequest.PartitionData> data = new ArrayList<>();
        int recordsPerBatch = 0;
        long now = System.currentTimeMillis();
        for (int p = 0; p < partitions; p++) {
            RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(batchSize), compression, now);
            while (builder.hasRoomFor(now, null, value, NO_HEADERS)) {
                builder.append(now, null, value, NO_HEADERS);
            }
            recordsPerBatch = builder.recordCount();
            data.add(new ProduceRequest.PartitionData(p, builder.seal(-1L, (short) -1, -1, false)));
        }
        ProduceRequest request =
                new ProduceRequest(null, acks, 30_000, List.of(new ProduceRequest.TopicData(topic, null, data)));
        ByteWriter w = new ByteWriter(batchSize * partitions + 1024);
        RequestHeader.writeFrame(w, request, PRODUCE_VERSION, 0, "sluice-ceiling");
        ByteBuffer frame = ByteBuffer.wrap(w.toByteArray());
        String first =
                String.valueOf(settings.get("bootstrap.servers")).split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        String host = first.substring(0, colon);
        int port = Integer.parseInt(first.substring(colon + 1));
        Wire wire = "SSL".equals(settings.get("security.protocol"))
                ? TlsWire.connect(host, port, settings)
                : PlainWire.connect(host, port);
        return new CeilingRun(wire, frame, recordsPerBatch * partitions, maxInFlight);
    }

    /** Records each request carries. */
    int recordsPerRequest() {
        return recordsPerRequest;
    }

    /**
     * Sends requests until at least {@code records} records went, keeping {@code max.in.flight} requests in
     * flight, and waits for every response. Returns the records sent.
     */
    long sendAll(long records, LatencyStats stats) throws IOException {
        long requests = (records + recordsPerRequest - 1) / recordsPerRequest;
        long sent = 0;
        while (sent < requests || !sentAt.isEmpty()) {
            if (sent < requests && sentAt.size() < maxInFlight) {
                long at = System.nanoTime();
                wire.write(frame.duplicate());
                sentAt.addLast(at);
                sent++;
            } else {
                readResponse(stats);
            }
        }
        return sent * recordsPerRequest;
    }

    private void readResponse(LatencyStats stats) throws IOException {
        sizeBuffer.clear();
        wire.readFully(sizeBuffer);
        int size = sizeBuffer.getInt(0);
        if (responseBuffer.capacity() < size) {
            responseBuffer = ByteBuffer.allocate(size);
        }
        responseBuffer.clear().limit(size);
        wire.readFully(responseBuffer);
        responseBuffer.flip();
        long sendNanos = sentAt.removeFirst();
        ByteReader reader = new ByteReader(responseBuffer);
        ResponseHeader.readCorrelationId(reader, ApiKey.PRODUCE, PRODUCE_VERSION);
        Exception failure = null;
        for (ProduceResponse.TopicResponse t :
                ProduceResponse.read(reader, PRODUCE_VERSION).responses()) {
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                if (p.error() != Errors.NONE) {
                    failure = new IOException("partition " + p.index() + " failed with " + p.error());
                }
            }
        }
        stats.completeMany(sendNanos, recordsPerRequest, failure);
    }

    void close() throws IOException {
        wire.close();
    }

    /** The connection to the broker, blocking. */
    private interface Wire {
        /** Writes all of {@code b}. */
        void write(ByteBuffer b) throws IOException;

        /** Fills {@code b} to its limit. */
        void readFully(ByteBuffer b) throws IOException;

        void close() throws IOException;
    }

    /** Plaintext: a blocking socket channel. */
    private record PlainWire(SocketChannel channel) implements Wire {
        static PlainWire connect(String host, int port) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new PlainWire(channel);
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        @Override
        public void readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new EOFException("the broker closed the connection");
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** TLS: the JDK's {@link SSLSocket}, with the trust store and hostname verification of the settings. */
    private record TlsWire(SSLSocket socket, OutputStream out, DataInputStream in) implements Wire {
        static TlsWire connect(String host, int port, Map<String, Object> settings) throws IOException {
            SSLSocket socket = (SSLSocket) context(settings).getSocketFactory().createSocket(host, port);
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            if ("https".equalsIgnoreCase(String.valueOf(settings.get("ssl.endpoint.identification.algorithm")))) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new TlsWire(
                    socket,
                    new BufferedOutputStream(socket.getOutputStream(), 64 * 1024),
                    new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024)));
        }

        private static SSLContext context(Map<String, Object> settings) throws IOException {
            try {
                KeyStore trust = KeyStore.getInstance(String.valueOf(settings.get("ssl.truststore.type")));
                try (InputStream in =
                        Files.newInputStream(Path.of(String.valueOf(settings.get("ssl.truststore.location"))))) {
                    trust.load(
                            in,
                            String.valueOf(settings.get("ssl.truststore.password"))
                                    .toCharArray());
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for the ceiling run: " + e.getMessage(), e);
            }
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            out.flush();
            b.position(b.limit());
        }

        @Override
        public void readFully(ByteBuffer b) throws IOException {
            in.readFully(b.array(), b.arrayOffset() + b.position(), b.remaining());
            b.position(b.limit());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
