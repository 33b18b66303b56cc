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
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker-bound ceiling: what a producer that did no work per record could reach. It encodes one Produce
 * request once (a full batch of {@code batch.size} for every partition, compressed as configured) and replays
 * those bytes over one connection with {@code max.in.flight.requests.per.connection} requests in flight, reading
 * and checking every response. Non-idempotent, so the broker takes the same batches again and again.
 *
 * <p>Its records/s is the most any client could get from this broker with these settings; its latency is each
 * request's, counted once per record it carried. Single-broker clusters only: every partition must be led by the
 * bootstrap broker.
 */
final class CeilingRun {
    /** Produce v12: the newest version that names topics (v13 wants topic ids). */
    private static final short PRODUCE_VERSION = 12;

    private static final Header[] NO_HEADERS = new Header[0];

    private final SocketChannel channel;
    private final ByteBuffer frame;
    private final int recordsPerRequest;
    private final int maxInFlight;
    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer responseBuffer = ByteBuffer.allocate(1024);

    private CeilingRun(SocketChannel channel, ByteBuffer frame, int recordsPerRequest, int maxInFlight) {
        this.channel = channel;
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
        SocketChannel channel = SocketChannel.open(
                new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new CeilingRun(channel, frame, recordsPerBatch * partitions, maxInFlight);
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
                ByteBuffer f = frame.duplicate();
                while (f.hasRemaining()) {
                    channel.write(f);
                }
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
        readFully(sizeBuffer);
        int size = sizeBuffer.getInt(0);
        if (responseBuffer.capacity() < size) {
            responseBuffer = ByteBuffer.allocate(size);
        }
        responseBuffer.clear().limit(size);
        readFully(responseBuffer);
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

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the broker closed the connection");
            }
        }
    }

    void close() throws IOException {
        channel.close();
    }
}
