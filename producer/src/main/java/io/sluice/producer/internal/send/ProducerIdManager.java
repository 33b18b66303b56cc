package io.sluice.producer.internal.send;

import io.sluice.producer.Node;
import io.sluice.producer.internal.accumulate.BatchStamper;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ExponentialBackoff;
import io.sluice.producer.internal.net.Network;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.InitProducerIdResponse;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotent producer's identity and sequence numbers.
 *
 * <p>Before the first batch goes out the sender asks any broker for a producer id and epoch
 * (InitProducerId). Each batch is stamped with them and with its partition's next sequence number the first
 * time it is drained, before it is sealed; the sealed bytes are kept across retries, so a broker
 * that already wrote a retried batch recognizes it (DUPLICATE_SEQUENCE_NUMBER) instead of writing it again.
 *
 * <pre>
 *  NO_ID --InitProducerId sent--> INITIALIZING --answer--> READY (pid, epoch)
 *    ^                                 |
 *    +-------- error: back off --------+
 * </pre>
 *
 * <p>I/O thread only.
 */
public final class ProducerIdManager implements BatchStamper {
    private static final System.Logger LOG = System.getLogger(ProducerIdManager.class.getName());

    private final int transactionTimeoutMs;
    private final ExponentialBackoff backoff;
    /** Next sequence per topic, indexed by partition. */
    private final Map<String, int[]> nextSequence = new HashMap<>();
    /** Next sequence the broker expects per topic and partition (one past the last acknowledged), -1 if none. */
    private final Map<String, int[]> expectedSequence = new HashMap<>();

    private long producerId = -1;
    private short epoch = -1;
    private boolean initInFlight;
    private long retryAtMs;
    private int failures;

    public ProducerIdManager(int transactionTimeoutMs, long retryBackoffMs, long retryBackoffMaxMs) {
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.backoff = new ExponentialBackoff(retryBackoffMs, retryBackoffMaxMs, 0.2);
    }

    public boolean hasProducerId() {
        return producerId >= 0;
    }

    public long producerId() {
        return producerId;
    }

    public short epoch() {
        return epoch;
    }

    /**
     * Sends InitProducerId to the least loaded broker if none is in flight.
     *
     * @return how long the I/O thread may wait before calling again
     */
    long maybeInit(Network network, Cluster cluster, long nowMs) {
        if (initInFlight) {
            return Long.MAX_VALUE;
        }
        if (nowMs < retryAtMs) {
            return retryAtMs - nowMs;
        }
        List<BrokerEndpoint> candidates = new ArrayList<>(cluster.nodes().size());
        for (Node n : cluster.nodes()) {
            candidates.add(Sender.endpoint(n));
        }
        BrokerEndpoint node = network.leastLoadedNode(candidates, nowMs);
        if (node == null) {
            // No metadata yet, or every broker is backing off: metadata will wake us.
            return 50;
        }
        if (!network.ready(node, nowMs)) {
            return network.isConnecting(node.id()) || network.isConnected(node.id())
                    ? Long.MAX_VALUE
                    : Math.max(1, network.connectionDelayMs(node.id(), nowMs));
        }
        initInFlight = true;
        InitProducerIdRequest request = new InitProducerIdRequest(null, transactionTimeoutMs, -1L, (short) -1);
        network.send(node.id(), request, true, new InitHandler(), nowMs);
        return Long.MAX_VALUE;
    }

    private final class InitHandler implements ResponseHandler {
        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            initInFlight = false;
            InitProducerIdResponse response = InitProducerIdResponse.read(body, version);
            if (response.error() != Errors.NONE) {
                LOG.log(
                        Level.DEBUG,
                        "InitProducerId failed: {0}",
                        response.error().name());
                backOff(nowMs);
                return;
            }
            producerId = response.producerId();
            epoch = response.producerEpoch();
            failures = 0;
            LOG.log(Level.DEBUG, "producer id {0} epoch {1}", producerId, epoch);
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            initInFlight = false;
            backOff(nowMs);
        }
    }

    private void backOff(long nowMs) {
        retryAtMs = nowMs + backoff.backoffMs(failures++);
    }

    /**
     * Gives a batch about to be sealed for its first send the producer id, epoch and its partition's next
     * sequence. Called by the accumulator's drain on the I/O thread; a retried batch is already sealed and
     * keeps what it got.
     */
    @Override
    public void stamp(ProducerBatch batch) {
        if (batch.hasSequence()) {
            // A half of a split batch: it carries its share of the original's sequence range.
            return;
        }
        int[] seqs = nextSequence.get(batch.topic());
        if (seqs == null || seqs.length <= batch.partition()) {
            int[] grown = new int[Math.max(batch.partition() + 1, seqs == null ? 0 : seqs.length * 2)];
            if (seqs != null) {
                System.arraycopy(seqs, 0, grown, 0, seqs.length);
            }
            seqs = grown;
            nextSequence.put(batch.topic(), seqs);
        }
        int base = seqs[batch.partition()];
        batch.setProducerState(producerId, epoch, base, false);
        // Sequences wrap after Integer.MAX_VALUE, as the broker expects.
        long next = (long) base + batch.recordCount();
        seqs[batch.partition()] = (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }

    /**
     * The broker wrote the batch: the partition's next expected sequence moves past it. Until the first
     * acknowledgement the broker holds no state for this producer on the partition and would accept any
     * sequence, so the sender keeps one batch in flight there until then.
     */
    void acknowledged(ProducerBatch batch) {
        if (!batch.hasSequence()) {
            return;
        }
        int[] acked = slot(expectedSequence, batch.topic(), batch.partition(), -1);
        long next = (long) batch.baseSequence() + batch.recordCount();
        int wrapped = (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
        if (acked[batch.partition()] < 0 || isAfter(wrapped, acked[batch.partition()])) {
            acked[batch.partition()] = wrapped;
        }
    }

    /** Whether the broker has acknowledged a batch of this producer on the batch's partition. */
    boolean brokerHasState(ProducerBatch batch) {
        int[] acked = expectedSequence.get(batch.topic());
        return acked != null && batch.partition() < acked.length && acked[batch.partition()] >= 0;
    }

    /**
     * Whether a batch the broker called out of order was merely overtaken: an earlier batch of its partition
     * is not acknowledged yet (it is being retried), so this one goes again after it.
     */
    boolean overtaken(ProducerBatch batch) {
        int[] acked = expectedSequence.get(batch.topic());
        int expected = acked == null || batch.partition() >= acked.length ? -1 : acked[batch.partition()];
        return batch.hasSequence() && expected >= 0 && isAfter(batch.baseSequence(), expected);
    }

    /** Sequence order with wrap-around: whether {@code a} comes after {@code b}. */
    private static boolean isAfter(int a, int b) {
        int distance = a - b;
        return distance > 0 || (distance < 0 && b - a > Integer.MAX_VALUE / 2);
    }

    private static int[] slot(Map<String, int[]> map, String topic, int partition, int fill) {
        int[] values = map.get(topic);
        if (values == null || values.length <= partition) {
            int[] grown = new int[Math.max(partition + 1, values == null ? 0 : values.length * 2)];
            java.util.Arrays.fill(grown, fill);
            if (values != null) {
                System.arraycopy(values, 0, grown, 0, values.length);
            }
            values = grown;
            map.put(topic, values);
        }
        return values;
    }
}
