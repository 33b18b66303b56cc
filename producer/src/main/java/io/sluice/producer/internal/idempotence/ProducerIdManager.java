package io.sluice.producer.internal.idempotence;

import io.sluice.producer.Node;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.internal.accumulate.BatchStamper;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
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
import java.util.List;

/**
 * The idempotent producer's identity (producer id and epoch), its per-partition sequence numbers, and their
 * repair when a partition's sequence breaks.
 *
 * <p>Before the first batch goes out the sender asks any broker for a producer id and epoch
 * (InitProducerId). Each batch is stamped with them and with its partition's next sequence number the first
 * time it is drained, before it is sealed; the sealed bytes are kept across retries, so a broker that already
 * wrote a retried batch recognizes it (DUPLICATE_SEQUENCE_NUMBER) instead of writing it again.
 *
 * <p>The identity's {@link State}, moved only by {@link #moveTo}:
 *
 * <pre>
 *  NO_ID --InitProducerId(-1,-1) answered--> READY --a partition needs a new identity--> NEW_ID_WANTED
 *    ^  retriable error: back off, retry       ^                                           |
 *    +-------------------                      +--InitProducerId(id, epoch) answered--------+
 *  any non-retriable InitProducerId error, or PRODUCER_FENCED / INVALID_PRODUCER_EPOCH /
 *  CLUSTER_AUTHORIZATION_FAILED / TRANSACTIONAL_ID_AUTHORIZATION_FAILED on Produce --> FATAL (final)
 * </pre>
 *
 * <p>With a {@code transactional.id} the transaction driver gets the identity and hands it over with {@link
 * #adoptIdentity} (any state but FATAL -> READY); NEW_ID_WANTED then makes the transaction abortable.
 *
 * <p>A partition whose sequence breaks (see {@link PartitionSequences}) holds back new batches until none of
 * its batches is on the wire, then is renumbered under the same identity (a gap the broker certainly did not
 * write), or under a new identity (the broker's view differs, or a batch's fate is unknown). With no
 * transactional id the broker answers an InitProducerId that names the current id and epoch (v3+) with a new
 * producer id; every other partition keeps its old identity until its own stamped batches have settled, then
 * starts over at sequence 0 under the new one, so old and new never interleave on a partition.
 *
 * <p>I/O thread only; drain, which calls {@link #stamp} and {@link #mayDrain}, runs there too.
 */
public final class ProducerIdManager implements BatchStamper, Idempotence {
    private static final System.Logger LOG = System.getLogger(ProducerIdManager.class.getName());

    /** Where the producer identity stands; the class javadoc draws the moves. */
    public enum State {
        /** No producer id yet: nothing is drained. */
        NO_ID,
        /** A producer id and epoch to stamp batches with. */
        READY,
        /** A partition's sequence broke in a way only a new identity repairs; new batches are held until it comes. */
        NEW_ID_WANTED,
        /** An error no retry can fix: every batch fails. Final. */
        FATAL
    }

    private final int transactionTimeoutMs;
    private final ExponentialBackoff backoff;
    private final PartitionSequences sequences = new PartitionSequences();

    /**
     * With a {@code transactional.id} the transaction manager owns the identity: it asks the transaction coordinator
     * for it and bumps the epoch only between transactions, so this class never sends InitProducerId itself, and a
     * partition that needs a new identity makes the transaction abortable instead.
     */
    private boolean transactional;

    private long producerId = -1;
    private short epoch = -1;
    private State state = State.NO_ID;
    private boolean initInFlight;
    private long retryAtMs;
    private int failures;
    private RuntimeException fatal;
    private String fatalName;
    /** A partition broke or a broken one went quiet since the last {@link #repair}: the next step should look. */
    private boolean repairDue;

    public ProducerIdManager(int transactionTimeoutMs, long retryBackoffMs, long retryBackoffMaxMs) {
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.backoff = new ExponentialBackoff(retryBackoffMs, retryBackoffMaxMs, 0.2);
    }

    /** Hands the identity over to the transaction manager; batches are stamped as transactional. */
    public void setTransactional() {
        this.transactional = true;
    }

    /**
     * Takes the identity the transaction coordinator handed out (InitProducerId, or EndTxn v5 which bumps the
     * epoch). Every partition starts over at sequence 0; called only while no batch is on the wire or queued
     * stamped, i.e. between transactions.
     */
    public void adoptIdentity(long newProducerId, short newEpoch) {
        producerId = newProducerId;
        epoch = newEpoch;
        moveTo(State.READY);
        failures = 0;
        sequences.clear();
        repairDue = false;
        LOG.log(Level.DEBUG, "producer id {0} epoch {1}", producerId, epoch);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    /** Whether a partition's sequence broke in a way only a new identity repairs. */
    public boolean wantsNewIdentity() {
        return state == State.NEW_ID_WANTED;
    }

    /** Where the identity stands. */
    public State state() {
        return state;
    }

    /**
     * Every move of the identity's state. FATAL is final: an identity handed over or answered afterwards changes
     * the id and epoch, not the state.
     */
    private void moveTo(State next) {
        if (state == State.FATAL || state == next) {
            return;
        }
        LOG.log(Level.DEBUG, "producer identity {0} -> {1}", state, next);
        state = next;
    }

    @Override
    public boolean hasProducerId() {
        return producerId >= 0;
    }

    public long producerId() {
        return producerId;
    }

    public short epoch() {
        return epoch;
    }

    /** Whether the producer met an error it cannot recover from; every later batch fails. */
    @Override
    public boolean isFatal() {
        return state == State.FATAL;
    }

    /** The error that made the producer unusable, or null. */
    public RuntimeException fatalError() {
        return fatal;
    }

    /**
     * Sends InitProducerId when there is no producer id yet or a partition needs a new identity, unless one is
     * in flight or backing off.
     *
     * @return how long the I/O thread may wait before calling again
     */
    @Override
    public long maintainIdentity(Network network, Cluster cluster, long nowMs) {
        if (transactional || initInFlight || state == State.READY || state == State.FATAL) {
            return Long.MAX_VALUE;
        }
        if (nowMs < retryAtMs) {
            return retryAtMs - nowMs;
        }
        List<BrokerEndpoint> candidates = new ArrayList<>(cluster.nodes().size());
        for (Node n : cluster.nodes()) {
            candidates.add(BrokerEndpoint.of(n));
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
        // KIP-360: naming the current id and epoch (v3+) asks for the next identity; without a transactional
        // id the broker hands out a fresh producer id. Older versions drop the two fields: a fresh id as well.
        InitProducerIdRequest request = hasProducerId()
                ? new InitProducerIdRequest(null, transactionTimeoutMs, producerId, epoch)
                : InitProducerIdRequest.fresh(null, transactionTimeoutMs);
        network.send(node.id(), request, true, new InitHandler(), nowMs);
        return Long.MAX_VALUE;
    }

    private final class InitHandler implements ResponseHandler {
        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            initInFlight = false;
            InitProducerIdResponse response = InitProducerIdResponse.read(body, version);
            Errors error = response.error();
            if (error == Errors.NONE) {
                producerId = response.producerId();
                epoch = response.producerEpoch();
                failures = 0;
                moveTo(State.READY);
                LOG.log(Level.DEBUG, "producer id {0} epoch {1}", producerId, epoch);
            } else if (isRetriableInit(error)) {
                LOG.log(Level.DEBUG, "InitProducerId failed, retrying: {0}", error.name());
                backOff(nowMs);
            } else {
                enterFatal(
                        SluiceApiException.forError(
                                error.name(), false, null, -1, "InitProducerId failed: " + error.description()),
                        error.name());
            }
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            initInFlight = false;
            backOff(nowMs);
        }
    }

    /** Coordinator and transport troubles pass; anything else an InitProducerId answer says does not. */
    public static boolean isRetriableInit(Errors error) {
        return error.isRetriable()
                || error == Errors.COORDINATOR_LOAD_IN_PROGRESS
                || error == Errors.COORDINATOR_NOT_AVAILABLE
                || error == Errors.NOT_COORDINATOR
                || error == Errors.CONCURRENT_TRANSACTIONS;
    }

    /** Errors on Produce after which no batch of this producer can be written safely. */
    public static boolean isFatalProduceError(Errors error) {
        return error == Errors.PRODUCER_FENCED
                || error == Errors.INVALID_PRODUCER_EPOCH
                || error == Errors.CLUSTER_AUTHORIZATION_FAILED
                || error == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    }

    private void backOff(long nowMs) {
        retryAtMs = nowMs + backoff.backoffMs(failures++);
    }

    /** Makes the producer unusable: every batch not yet sent fails with an error naming {@code cause}. */
    @Override
    public void enterFatal(RuntimeException cause, String errorName) {
        if (state != State.FATAL) {
            LOG.log(Level.ERROR, "the idempotent producer cannot continue: " + cause.getMessage());
            fatal = cause;
            fatalName = errorName;
            moveTo(State.FATAL);
        }
    }

    /** The error a batch fails with once the producer is in its fatal state: same type and name as the cause. */
    @Override
    public RuntimeException fatalErrorFor(ProducerBatch batch) {
        return FatalErrors.forBatch(fatal, fatalName, batch.topic(), batch.partition());
    }

    // ---- stamping and draining (BatchStamper) ----

    /**
     * Gives a batch about to be sealed for its first send the producer id, epoch and its partition's next
     * sequence. A partition still on an older identity starts over at 0 under the current one: {@link
     * #mayDrain} let the batch through only once nothing of the old identity is outstanding there.
     */
    @Override
    public void stamp(ProducerBatch batch) {
        if (batch.hasSequence()) {
            // A half of a split batch: it carries its share of the original's sequence range.
            return;
        }
        PartitionSequences.Entry e = sequences.entry(batch);
        if (e.producerId != producerId || e.epoch != epoch) {
            e.adopt(producerId, epoch);
        }
        batch.setProducerState(producerId, epoch, e.next, transactional);
        e.next = PartitionSequences.advance(e.next, batch.recordCount());
    }

    /**
     * Holds back what must not go yet: everything once fatal; new batches while there is no identity or a new
     * one is coming, while their partition is broken, or while batches of an older identity of the partition
     * are on the wire; and stamped retries of a partition waiting to be renumbered.
     */
    @Override
    public boolean mayDrain(ProducerBatch first) {
        if (state == State.FATAL) {
            return false;
        }
        PartitionSequences.Entry e = sequences.entry(first);
        if (first.hasSequence()) {
            return !e.needsNewIdentity && !(e.knownGap && !e.fateUnknown);
        }
        if (state != State.READY || e.broken()) {
            return false;
        }
        boolean stale = e.producerId != producerId || e.epoch != epoch;
        return !stale || e.onWire == 0;
    }

    // ---- events from the sender ----

    /** The batch went on the wire. */
    @Override
    public void onSent(ProducerBatch batch) {
        if (batch.hasSequence()) {
            sequences.entry(batch).onWire++;
        }
    }

    /** The batch's request was answered or failed: it is off the wire (and may be queued for a retry). */
    @Override
    public void offWire(ProducerBatch batch) {
        if (batch.hasSequence()) {
            PartitionSequences.Entry e = sequences.entry(batch);
            e.onWire = Math.max(0, e.onWire - 1);
            repairDue |= e.onWire == 0 && e.broken();
        }
    }

    /**
     * The broker wrote the batch: the partition's next expected sequence moves past it. Until the first
     * acknowledgement the broker holds no state for this identity on the partition and would accept any
     * sequence, so the sender keeps one batch in flight there until then.
     */
    @Override
    public void acknowledged(ProducerBatch batch) {
        if (!batch.hasSequence()) {
            return;
        }
        PartitionSequences.Entry e = sequences.entry(batch);
        if (!e.owns(batch)) {
            return;
        }
        int end = PartitionSequences.advance(batch.baseSequence(), batch.recordCount());
        if (e.expected < 0 || PartitionSequences.isAfter(end, e.expected)) {
            e.expected = end;
        }
    }

    /**
     * A stamped batch failed for good. {@code notWritten}: the broker refused this very attempt, so its sequence
     * range is a known gap; otherwise (expired, out of retries, no answer) it may or may not have been written.
     */
    @Override
    public void failedForGood(ProducerBatch batch, boolean notWritten) {
        if (!batch.hasSequence() || state == State.FATAL) {
            return;
        }
        PartitionSequences.Entry e = sequences.entry(batch);
        if (!e.owns(batch)) {
            return;
        }
        if (notWritten || batch.attempts() == 0) {
            e.knownGap = true;
        } else {
            e.fateUnknown = true;
        }
        sequences.markBroken(e);
        repairDue = true;
    }

    /**
     * The broker called the batch out of order. When an earlier batch of the partition is still outstanding
     * ({@code overtaken}), the batch simply follows it. Otherwise the broker expects a sequence we will never
     * send: a known gap is renumbered; anything else needs a new identity.
     */
    @Override
    public void outOfOrder(ProducerBatch batch, boolean overtaken) {
        if (overtaken || !batch.hasSequence()) {
            return;
        }
        PartitionSequences.Entry e = sequences.entry(batch);
        boolean explainedByKnownGap = e.knownGap
                && !e.fateUnknown
                && e.expected >= 0
                && PartitionSequences.isAfter(batch.baseSequence(), e.expected);
        if (!explainedByKnownGap) {
            e.needsNewIdentity = true;
        }
        sequences.markBroken(e);
    }

    /** The broker has no state for this producer on the partition (UNKNOWN_PRODUCER_ID): start it over. */
    @Override
    public void unknownProducer(ProducerBatch batch) {
        PartitionSequences.Entry e = sequences.entry(batch);
        e.needsNewIdentity = true;
        sequences.markBroken(e);
    }

    /** Whether the broker has acknowledged a batch of this identity on the batch's partition. */
    @Override
    public boolean brokerHasState(ProducerBatch batch) {
        PartitionSequences.Entry e = sequences.entry(batch);
        return e.expected >= 0 && e.owns(batch);
    }

    /**
     * Repairs broken partitions that have nothing on the wire: renumbers the queued batches of a known gap, asks
     * for a new identity where one is needed and renumbers from 0 once it is here, and forgets marks that later
     * acknowledgements settled. Called by the sender every step before draining.
     */
    @Override
    public void repair(RecordAccumulator accumulator) {
        repairDue = false;
        if (state == State.FATAL || sequences.broken().isEmpty()) {
            return;
        }
        for (PartitionSequences.Entry e : new ArrayList<>(sequences.broken())) {
            List<ProducerBatch> queued = accumulator.sealedQueued(e.topic, e.partition);
            ProducerBatch head = queued.isEmpty() ? null : queued.get(0);
            switch (PartitionSequences.decide(e, head)) {
                case NONE -> sequences.markRepaired(e);
                case WATCH -> {}
                case RESEQUENCE -> {
                    int from = Math.max(0, e.expected);
                    LOG.log(
                            Level.INFO,
                            "renumbering {0} queued batch(es) of {1}-{2} from sequence {3} after a"
                                    + " batch the broker did not write",
                            queued.size(),
                            e.topic,
                            e.partition,
                            from);
                    renumber(e, queued, e.producerId, e.epoch, from);
                    sequences.markRepaired(e);
                }
                case NEW_IDENTITY -> {
                    e.needsNewIdentity = true;
                    if (state == State.READY && (e.producerId != producerId || e.epoch != epoch)) {
                        // A newer identity than the partition's is already here: start over under it.
                        LOG.log(
                                Level.INFO,
                                "{0}-{1} starts over at sequence 0 under producer id {2} epoch {3}",
                                e.topic,
                                e.partition,
                                producerId,
                                epoch);
                        e.adopt(producerId, epoch);
                        renumber(e, queued, producerId, epoch, 0);
                        sequences.markRepaired(e);
                    } else if (state != State.NEW_ID_WANTED) {
                        LOG.log(
                                Level.INFO,
                                "{0}-{1}: sequence broken, asking for a new producer identity",
                                e.topic,
                                e.partition);
                        moveTo(State.NEW_ID_WANTED);
                    }
                }
            }
        }
    }

    /** Whether something happened since the last {@link #repair} that the next step should act on at once. */
    @Override
    public boolean repairDue() {
        return repairDue && state != State.FATAL;
    }

    private static void renumber(
            PartitionSequences.Entry e, List<ProducerBatch> queued, long id, short epoch, int from) {
        int seq = from;
        for (ProducerBatch b : queued) {
            b.restamp(id, epoch, seq);
            seq = PartitionSequences.advance(seq, b.recordCount());
        }
        e.next = seq;
    }
}
