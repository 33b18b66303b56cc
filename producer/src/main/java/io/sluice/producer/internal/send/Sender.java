package io.sluice.producer.internal.send;

import io.sluice.producer.Node;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.ReadyCheck;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.Idempotence;
import io.sluice.producer.internal.idempotence.PartitionSequences;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.ConnectionListener;
import io.sluice.producer.internal.net.Network;
import io.sluice.producer.internal.txn.SenderPort;
import io.sluice.producer.internal.txn.Transactions;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ProduceRequest;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sender: drains ready batches from the accumulator, ships them as one Produce request per broker,
 * and settles each batch from the answer: complete it, retry it, split it, or fail it.
 *
 * <p>Everything here runs on the I/O thread. {@link #runOnce(long)} is one step of the loop over an
 * injected time and a {@link Network}, so a test drives it exactly, without sleeping.
 *
 * <p>Retries: a batch that failed with a retriable error goes back to the front of its partition's queue
 * and is sent again after {@code retry.backoff.ms} (growing to {@code retry.backoff.max.ms}), as long as
 * it has retries left and its {@code delivery.timeout.ms}, counted from {@code send()}, has not passed.
 * Without idempotence and with more than one request in flight per connection, a retried batch may land
 * after a later batch of the same partition that succeeded at the first try: records can be reordered, as
 * with Kafka's producer. Idempotence (the default) or {@code max.in.flight.requests.per.connection=1}
 * keeps order.
 *
 * <p>The optional parts are plugged in as no-op objects ({@link Idempotence#NONE}, {@link Transactions#NONE}), so
 * every step runs the same code: the idempotence layer keeps the identity and gates nothing without idempotence,
 * and the transaction driver has nothing to do without a {@code transactional.id}. Time comes in as {@code nowMs},
 * read once per step from the producer's clock by the loop that runs the sender.
 */
public final class Sender implements SenderPort {
    private static final System.Logger LOG = System.getLogger(Sender.class.getName());

    private final SenderConfig config;
    private final RecordAccumulator accumulator;
    private final MetadataManager metadata;
    private final Network network;
    private final SenderMetrics metrics;
    private final Idempotence idempotence;
    private final Settlement settlement = new Settlement();
    /** Batches sent and not yet settled, for delivery timeouts and for failing them on a forced close. */
    private final List<ProducerBatch> inFlight = new ArrayList<>();
    /** The error of each batch's last failed attempt, so an expiry can say why the batch never landed. */
    private final Map<ProducerBatch, Errors> lastErrors = new IdentityHashMap<>();
    /** The failure of each batch's last attempt in full, so an expiry can say what exactly went wrong. */
    private final Map<ProducerBatch, RuntimeException> lastFailures = new IdentityHashMap<>();
    /** Batches whose partition is muted until they settle. */
    private final Map<ProducerBatch, Boolean> mutedBy = new IdentityHashMap<>();

    private volatile boolean forced;
    /** The transaction driver with a {@code transactional.id}, else {@link Transactions#NONE}. */
    private Transactions transactions = Transactions.NONE;

    public Sender(
            SenderConfig config,
            RecordAccumulator accumulator,
            MetadataManager metadata,
            Network network,
            SenderMetrics metrics,
            Idempotence idempotence) {
        this.config = config;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.network = network;
        this.metrics = metrics;
        this.idempotence = idempotence;
        network.setConnectionListener(new ConnectionListener() {
            @Override
            public void onDisconnected(int nodeId, boolean wasReady, long nowMs) {
                metadata.onDisconnected(nodeId, nowMs);
            }

            @Override
            public void onRebootstrapRequired(int nodeId, long nowMs) {
                metadata.rebootstrap();
            }
        });
    }

    /** Makes the sender transactional: the driver runs each step and gates what is drained. */
    public void setTransactions(Transactions transactions) {
        this.transactions = transactions;
    }

    /** One step: refresh metadata if due, ship what is ready, then wait for I/O at most until the next deadline. */
    public void runOnce(long nowMs) {
        runOnce(nowMs, Long.MAX_VALUE);
    }

    /** {@link #runOnce(long)}, waiting for I/O at most {@code maxWaitMs}: another client on the loop is due then. */
    public void runOnce(long nowMs, long maxWaitMs) {
        long pollTimeout = Math.min(sendProducerData(nowMs), maxWaitMs);
        network.poll(pollTimeout, nowMs);
    }

    /**
     * Everything of one step but the I/O wait.
     *
     * @return how long the I/O thread may wait for the network before something else is due
     */
    long sendProducerData(long nowMs) {
        long timeout = metadata.maybeUpdate(network, nowMs);
        timeout = Math.min(timeout, transactions.maintain(this, nowMs));
        failQueuedIfFatal(nowMs);
        idempotence.repair(accumulator);
        timeout = Math.min(timeout, idempotence.maintainIdentity(network, metadata.current(), nowMs));
        if (!idempotence.hasProducerId()) {
            // Nothing may be drained without a producer id, but deadlines still run: records held for
            // metadata fail after max.block.ms and queued batches after delivery.timeout.ms, so flush()
            // and close() end even when no broker ever answers.
            timeout = Math.min(timeout, accumulator.expireHeldRecords(nowMs));
            expireBatches(nowMs);
            return timeout;
        }
        Cluster cluster = metadata.current();
        ReadyCheck ready = accumulator.ready(cluster, nowMs);
        if (!ready.unknownLeaderTopics().isEmpty()) {
            for (String topic : ready.unknownLeaderTopics()) {
                metadata.requestTopic(topic);
            }
            metadata.requestUpdate();
        }
        timeout = Math.min(timeout, ready.nextReadyCheckDelayMs());
        Set<Integer> readyNodes = ready.readyNodes();
        Iterator<Integer> it = readyNodes.iterator();
        while (it.hasNext()) {
            int nodeId = it.next();
            Node node = cluster.node(nodeId);
            if (node == null || !network.ready(BrokerEndpoint.of(node), nowMs)) {
                if (node != null && !network.isConnected(nodeId)) {
                    // Not connected yet (or backing off): come back when the connection may be ready. A node that
                    // is connected but at its in-flight limit needs no timeout: its next response wakes the poll.
                    timeout = Math.min(timeout, network.connectionDelayMs(nodeId, nowMs));
                }
                it.remove();
            }
        }
        Map<Integer, List<ProducerBatch>> drained =
                accumulator.drain(cluster, readyNodes, config.maxRequestSize(), nowMs);
        expireBatches(nowMs);
        if (transactions.hasPartitionsToAdd()) {
            // Drain held back first batches of partitions new to the transaction: add them on the next step.
            timeout = 0;
        }
        if (idempotence.repairDue()) {
            // An expiry just broke a partition's sequence: repair it on the next step, not at the next timeout.
            timeout = 0;
        }
        for (Map.Entry<Integer, List<ProducerBatch>> e : drained.entrySet()) {
            if (!e.getValue().isEmpty()) {
                sendProduceRequest(e.getKey(), e.getValue(), cluster, nowMs);
            }
        }
        if (!drained.isEmpty() && hasNonEmpty(drained)) {
            // Something was sent: come back at once in case more became ready meanwhile.
            timeout = 0;
        }
        return Math.max(0, timeout);
    }

    private static boolean hasNonEmpty(Map<Integer, List<ProducerBatch>> drained) {
        for (List<ProducerBatch> batches : drained.values()) {
            if (!batches.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void sendProduceRequest(int nodeId, List<ProducerBatch> batches, Cluster cluster, long nowMs) {
        short version = network.apiVersion(nodeId, ApiKey.PRODUCE);
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        int bytes = 0;
        int records = 0;
        for (ProducerBatch batch : batches) {
            metadata.touch(batch.topic(), nowMs);
            if (config.guaranteeOrder() || !idempotence.brokerHasState(batch)) {
                // With max.in.flight.requests.per.connection=1 a retry must not be overtaken, even across a
                // leader move. And the broker accepts any sequence as a producer's first on a partition: were
                // that batch to fail and a later one to land, it could never follow. So: one in flight.
                accumulator.mutePartition(batch.topic(), batch.partition());
                mutedBy.put(batch, Boolean.TRUE);
            }
            byTopic.computeIfAbsent(batch.topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(batch.partition(), batch.sealed()));
            int batchBytes = batch.sealed().remaining();
            bytes += batchBytes;
            records += batch.recordCount();
            metrics.kafka()
                    .batchSent(
                            batch.topic(),
                            batch.recordCount(),
                            batchBytes,
                            batch.uncompressedBytes(),
                            batch.maxRecordBytes(),
                            nowMs - batch.createdMs(),
                            nowMs);
            inFlight.add(batch);
            idempotence.onSent(batch);
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        for (Map.Entry<String, List<ProduceRequest.PartitionData>> e : byTopic.entrySet()) {
            topics.add(new ProduceRequest.TopicData(e.getKey(), cluster.topicId(e.getKey()), e.getValue()));
        }
        ProduceRequest request =
                new ProduceRequest(config.transactionalId(), config.acks(), config.requestTimeoutMs(), topics);
        ProduceOutcome outcome = new ProduceOutcome(settlement, metrics, nodeId, batches, nowMs);
        metrics.requestSent(bytes, batches.size(), records, bytes);
        metrics.kafka().produceRequestSent(records, nowMs);
        try {
            short versionCap = transactions.produceVersionCap();
            if (versionCap == Short.MAX_VALUE) {
                network.send(nodeId, request, config.acks() != 0, outcome, nowMs);
            } else {
                // Transactions v1: Produce v12+ would add the partitions implicitly, which only v2 brokers do.
                network.send(nodeId, request, versionCap, true, outcome, nowMs);
            }
            transactions.onProduceSent();
        } catch (RuntimeException e) {
            // No version of Produce both sides speak, or a topic without an id at v13: these batches cannot go.
            LOG.log(Level.WARNING, "cannot send Produce to node " + nodeId + " (v" + version + ")", e);
            for (ProducerBatch batch : batches) {
                fail(batch, new SluiceApiException(e.getMessage(), batch.topic(), batch.partition(), null, e), nowMs);
            }
        }
    }

    // ---- settling batches; ProduceOutcome reaches them through Settlement, on the I/O thread ----

    private void completed(ProducerBatch batch, long baseOffset, long logAppendTimeMs) {
        offWire(batch);
        idempotence.acknowledged(batch);
        releasePartition(batch);
        lastErrors.remove(batch);
        lastFailures.remove(batch);
        batch.complete(baseOffset, logAppendTimeMs);
        accumulator.deallocate(batch);
    }

    private void fail(ProducerBatch batch, RuntimeException error, long nowMs) {
        settleFailed(batch, error, true, false, nowMs);
    }

    /** Fails a batch whose last attempt may have been written: expired, out of retries, or left unanswered. */
    private void failUnsure(ProducerBatch batch, RuntimeException error, long nowMs) {
        settleFailed(batch, error, false, false, nowMs);
    }

    /**
     * @param mayBeOnConnection whether the batch's request may still be queued, unwritten, on an open connection:
     *     connections write batches straight from their buffers, so that buffer must not be reused
     */
    private void settleFailed(
            ProducerBatch batch, RuntimeException error, boolean brokerRefused, boolean mayBeOnConnection, long nowMs) {
        offWire(batch);
        idempotence.failedForGood(batch, brokerRefused);
        String name = error instanceof SluiceApiException api && api.errorName() != null
                ? api.errorName()
                : error.getClass().getSimpleName();
        metrics.failed(batch.topic(), name, batch.recordCount(), nowMs);
        transactions.onBatchFailed(batch, error);
        lastErrors.remove(batch);
        lastFailures.remove(batch);
        releasePartition(batch);
        batch.completeExceptionally(error);
        if (mayBeOnConnection) {
            accumulator.deallocateWithoutReuse(batch);
        } else {
            accumulator.deallocate(batch);
        }
    }

    /**
     * A retriable failure: send the batch again if it has retries and time left, else fail it with {@code
     * finalError}.
     */
    private void retryOrFail(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs) {
        offWire(batch);
        if (forced) {
            fail(batch, finalError, nowMs);
            return;
        }
        lastFailures.put(batch, finalError);
        boolean timeLeft = nowMs < batch.createdMs() + config.deliveryTimeoutMs();
        // attempts counts sends so far, so a batch may be sent retries + 1 times in all.
        if (batch.attempts() <= config.retries() && timeLeft) {
            metrics.retried(batch.topic(), batch.recordCount(), nowMs);
            releasePartition(batch);
            LOG.log(Level.DEBUG, "retrying {0}-{1} after {2}", batch.topic(), batch.partition(), error);
            lastErrors.put(batch, error);
            accumulator.reenqueue(batch, nowMs);
            return;
        }
        failUnsure(batch, timeLeft ? finalError : expiredError(batch, error, nowMs), nowMs);
    }

    private boolean hasEarlierOutstanding(ProducerBatch batch) {
        for (ProducerBatch other : inFlight) {
            if (other != batch && sameSequenceSpace(other, batch) && isEarlier(other, batch)) {
                return true;
            }
        }
        List<ProducerBatch> queued = accumulator.sealedQueued(batch.topic(), batch.partition());
        return !queued.isEmpty() && sameSequenceSpace(queued.get(0), batch) && isEarlier(queued.get(0), batch);
    }

    private static boolean sameSequenceSpace(ProducerBatch a, ProducerBatch b) {
        return a.topic().equals(b.topic())
                && a.partition() == b.partition()
                && a.producerId() == b.producerId()
                && a.producerEpoch() == b.producerEpoch();
    }

    private static boolean isEarlier(ProducerBatch a, ProducerBatch b) {
        return a.hasSequence() && PartitionSequences.isAfter(b.baseSequence(), a.baseSequence());
    }

    private void offWire(ProducerBatch batch) {
        if (inFlight.remove(batch)) {
            idempotence.offWire(batch);
        }
    }

    /** Once the producer is in its fatal state, whatever waits in the queues fails with the fatal error. */
    private void failQueuedIfFatal(long nowMs) {
        if (!idempotence.isFatal()) {
            return;
        }
        for (ProducerBatch batch : accumulator.removeAllQueued()) {
            fail(batch, idempotence.fatalErrorFor(batch), nowMs);
        }
    }

    /** The broker asked for smaller batches: give the records back to the accumulator in several. */
    private void split(ProducerBatch batch, long nowMs) {
        offWire(batch);
        metrics.retried(batch.topic(), batch.recordCount(), nowMs);
        metrics.kafka().batchSplit(nowMs);
        releasePartition(batch);
        accumulator.splitAndReenqueue(batch, nowMs);
    }

    private void releasePartition(ProducerBatch batch) {
        if (mutedBy.remove(batch) != null) {
            accumulator.unmutePartition(batch.topic(), batch.partition());
        }
    }

    private void expireBatches(long nowMs) {
        for (ProducerBatch batch : accumulator.expiredBatches(nowMs)) {
            failUnsure(batch, expiredError(batch, lastErrors.get(batch), nowMs), nowMs);
        }
        if (inFlight.isEmpty() || idempotence.enabled()) {
            // An idempotent batch in flight has a fate only the broker knows; it settles by its response or
            // the request timeout, never by guessing.
            return;
        }
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            ProducerBatch batch = inFlight.get(i);
            if (nowMs >= batch.createdMs() + config.deliveryTimeoutMs()) {
                settleFailed(batch, expiredError(batch, lastErrors.get(batch), nowMs), false, true, nowMs);
            }
        }
    }

    private TimeoutException expiredError(ProducerBatch batch, Errors lastError, long nowMs) {
        long age = Math.max(0, nowMs - batch.createdMs());
        String detail = "Expired " + batch.recordCount() + " record(s) after delivery.timeout.ms="
                + config.deliveryTimeoutMs() + " (" + age + " ms since the batch was created)";
        int leader = metadata.current().leaderFor(batch.topic(), batch.partition());
        String unreachable = leader < 0 ? null : network.connectionProblem(leader);
        if (unreachable != null) {
            detail += "; the leader, node " + leader + ", could not be connected: " + unreachable;
        }
        if (lastError == null || lastError == Errors.NONE) {
            return new TimeoutException(detail, batch.topic(), batch.partition());
        }
        if (lastError == Errors.NOT_ENOUGH_REPLICAS || lastError == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND) {
            detail += "; the in-sync replica set stayed smaller than min.insync.replicas";
        } else {
            detail += "; last error " + lastError.name();
        }
        RuntimeException cause = lastFailures.get(batch);
        if (cause != null) {
            // The last attempt's own words: which broker, and what it did wrong (a protocol error, say).
            detail += ": " + cause.getMessage();
        } else {
            cause = SluiceApiException.forError(
                    lastError.name(),
                    lastError.isRetriable(),
                    batch.topic(),
                    batch.partition(),
                    lastError.description());
        }
        return new TimeoutException(detail, batch.topic(), batch.partition(), lastError.name(), cause);
    }

    // ---- SenderPort, for the transaction driver ----

    @Override
    public void failQueued(RuntimeException error, long nowMs) {
        for (ProducerBatch batch : accumulator.removeAllQueued()) {
            fail(batch, error, nowMs);
        }
        accumulator.abortUnsent(error);
    }

    @Override
    public boolean hasUnsettledBatches() {
        return !inFlight.isEmpty() || accumulator.hasUndrained();
    }

    @Override
    public Cluster cluster() {
        return metadata.current();
    }

    @Override
    public void requestMetadataUpdate() {
        metadata.requestUpdate();
    }

    /** Whether anything is still to be sent or answered. */
    public boolean hasPendingWork() {
        return accumulator.hasUndrained() || !inFlight.isEmpty() || network.inFlightCount() > 0;
    }

    /** Fails everything in flight; used by a forced close. */
    public void abortInFlight(RuntimeException error, long nowMs) {
        forced = true;
        for (ProducerBatch batch : new ArrayList<>(inFlight)) {
            settleFailed(batch, error, true, true, nowMs);
        }
        inFlight.clear();
    }

    /** The sender's own counters. */
    SenderMetrics metrics() {
        return metrics;
    }

    /** Metrics by name for {@code SluiceProducer.metrics()}. */
    public Map<String, Number> metricsSnapshot(long nowMs) {
        return metrics.snapshot(nowMs);
    }

    /** The settling moves {@link ProduceOutcome} may make, and nothing else of the sender. */
    private final class Settlement implements BatchSettlement {
        @Override
        public Cluster cluster() {
            return metadata.current();
        }

        @Override
        public boolean idempotent() {
            return idempotence.enabled();
        }

        @Override
        public boolean staleEpochIsAbortable() {
            return transactions.staleEpochIsAbortable();
        }

        @Override
        public void completed(ProducerBatch batch, long baseOffset, long logAppendTimeMs) {
            Sender.this.completed(batch, baseOffset, logAppendTimeMs);
        }

        @Override
        public void retryOrFail(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs) {
            Sender.this.retryOrFail(batch, error, finalError, nowMs);
        }

        /** It goes again, after whatever of its partition is still outstanding, which may explain it. */
        @Override
        public void outOfOrder(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs) {
            idempotence.outOfOrder(batch, hasEarlierOutstanding(batch));
            Sender.this.retryOrFail(batch, error, finalError, nowMs);
        }

        @Override
        public void unknownProducer(ProducerBatch batch, Errors error, RuntimeException finalError, long nowMs) {
            idempotence.unknownProducer(batch);
            Sender.this.retryOrFail(batch, error, finalError, nowMs);
        }

        @Override
        public void split(ProducerBatch batch, long nowMs) {
            Sender.this.split(batch, nowMs);
        }

        @Override
        public void fail(ProducerBatch batch, RuntimeException error, long nowMs) {
            Sender.this.fail(batch, error, nowMs);
        }

        @Override
        public void fatal(ProducerBatch batch, RuntimeException error, String errorName, long nowMs) {
            idempotence.enterFatal(error, errorName);
            Sender.this.fail(batch, error, nowMs);
        }

        @Override
        public void leaderMoved(ProducerBatch batch, int leaderId, int leaderEpoch, long nowMs) {
            metadata.applyLeaderHint(batch.topic(), batch.partition(), leaderId, leaderEpoch, nowMs);
            metadata.requestUpdate();
        }

        @Override
        public void requestFailed() {
            metadata.requestUpdate();
        }
    }
}
