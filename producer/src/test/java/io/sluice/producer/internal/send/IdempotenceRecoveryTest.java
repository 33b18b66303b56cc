package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.ClusterAuthorizationException;
import io.sluice.producer.errors.InvalidProducerEpochException;
import io.sluice.producer.errors.InvalidRecordException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.net.RequestTimeoutException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.record.DecodedBatch;
import io.sluice.protocol.record.RecordBatchReader;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer's error paths, stepped with {@code runOnce} over a scripted network and a manual
 * clock: how a broken sequence is repaired (renumbered in place or restarted under a new identity), how a batch
 * of unknown fate stops holding its partition, what a fatal error does to later sends, and how InitProducerId is
 * retried. Every broker answer is written by the test; what the sender sends next is what is checked.
 */
class IdempotenceRecoveryTest {
    private static final String TOPIC = "t";
    private static final long DELIVERY_TIMEOUT = 10_000;
    private static final long RETRY_BACKOFF = 100;
    private static final long FIRST_ID = 4242;
    private static final short FIRST_EPOCH = 3;
    /** Big enough that each record travels in its own batch. */
    private static final String BIG = "x".repeat(10_000);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ScriptedNetwork network = new ScriptedNetwork().reachable(-1, 1, 2);
    private RecordAccumulator accumulator;
    private MetadataManager metadata;
    private ProducerIdManager ids;
    private Sender sender;

    /** Builds the sender and answers metadata; InitProducerId is left in flight for the test. */
    private void startWithoutId() {
        accumulator = ScriptedAnswers.accumulator(clock, RETRY_BACKOFF, (int) DELIVERY_TIMEOUT);
        metadata = ScriptedAnswers.metadata(accumulator, clock, RETRY_BACKOFF);
        ids = new ProducerIdManager(60_000, RETRY_BACKOFF, RETRY_BACKOFF);
        accumulator.setBatchStamper(ids);
        SenderConfig config = new SenderConfig(
                (short) -1,
                Integer.MAX_VALUE,
                DELIVERY_TIMEOUT,
                30_000,
                1 << 20,
                RETRY_BACKOFF,
                RETRY_BACKOFF,
                true,
                null,
                false);
        sender = new Sender(config, accumulator, metadata, network, new SenderMetrics(clock.milliseconds()), ids);
        metadata.requestTopic(TOPIC);
        step();
        network.respond(network.next(ApiKey.METADATA), ScriptedAnswers.twoBrokerMetadata(TOPIC), now());
        step();
    }

    private void start() {
        startWithoutId();
        answerInit(FIRST_ID, FIRST_EPOCH);
    }

    private void answerInit(long producerId, short epoch) {
        network.respond(
                network.next(ApiKey.INIT_PRODUCER_ID),
                new InitProducerIdResponseData().setProducerId(producerId).setProducerEpoch(epoch),
                now());
    }

    private void answerInit(Errors error) {
        network.respond(
                network.next(ApiKey.INIT_PRODUCER_ID),
                new InitProducerIdResponseData().setErrorCode(error.code()).setProducerId(-1),
                now());
    }

    private long now() {
        return clock.milliseconds();
    }

    private void step() {
        sender.runOnce(now());
    }

    private CompletableFuture<RecordMetadata> append(int partition, String value) {
        return ScriptedAnswers.append(accumulator, metadata.current(), TOPIC, partition, value, now());
    }

    private void answerProduce(ScriptedNetwork.Sent sent, Errors error, long baseOffset) {
        network.respond(sent, ScriptedAnswers.produceResponse(TOPIC, 0, error, baseOffset), now());
    }

    private ScriptedNetwork.Sent nextProduce() {
        return network.next(ApiKey.PRODUCE);
    }

    private ScriptedNetwork.Sent toNode(int nodeId) {
        return network.inFlight().stream()
                .filter(s -> s.nodeId() == nodeId && s.request().apiKey() == ApiKey.PRODUCE)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing in flight to node " + nodeId));
    }

    private static DecodedBatch decode(ScriptedNetwork.Sent s) {
        ProduceRequest request = (ProduceRequest) s.request();
        return RecordBatchReader.readAll(
                        request.topics().get(0).partitions().get(0).records().duplicate())
                .get(0);
    }

    private static Throwable cause(CompletableFuture<RecordMetadata> f) {
        return ScriptedAnswers.failureOf(f);
    }

    /** Sends one batch at sequence 0 and acknowledges it, so the broker holds state for the producer. */
    private void warmUp() throws Exception {
        CompletableFuture<RecordMetadata> warm = append(0, BIG);
        step();
        answerProduce(nextProduce(), Errors.NONE, 0);
        assertThat(warm.get().offset()).isZero();
    }

    @Test
    void outOfOrderAtTheExpectedSequenceStartsThePartitionOverUnderANewIdentity() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> a = append(0, BIG);
        step();
        ScriptedNetwork.Sent sentA = nextProduce();
        assertThat(decode(sentA).baseSequence()).isEqualTo(1);
        // The broker lost our state (say, the log was truncated): sequence 1 is not what it expects.
        answerProduce(sentA, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        CompletableFuture<RecordMetadata> b = append(0, BIG);
        clock.advance(RETRY_BACKOFF * 3);
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE))
                .as("held until the new identity is here")
                .isFalse();
        InitProducerIdRequest bump =
                (InitProducerIdRequest) network.next(ApiKey.INIT_PRODUCER_ID).request();
        assertThat(bump.producerId()).isEqualTo(FIRST_ID);
        assertThat(bump.producerEpoch()).isEqualTo(FIRST_EPOCH);
        answerInit(5000, (short) 0);

        step();
        ScriptedNetwork.Sent retryA = nextProduce();
        DecodedBatch restamped = decode(retryA);
        assertThat(restamped.producerId()).isEqualTo(5000);
        assertThat(restamped.producerEpoch()).isZero();
        assertThat(restamped.baseSequence()).isZero();
        step();
        assertThat(network.inFlight())
                .as("one batch in flight until the broker knows the new identity")
                .hasSize(1);
        answerProduce(retryA, Errors.NONE, 1);
        step();
        ScriptedNetwork.Sent sentB = nextProduce();
        assertThat(decode(sentB).producerId()).isEqualTo(5000);
        assertThat(decode(sentB).baseSequence()).isEqualTo(1);
        answerProduce(sentB, Errors.NONE, 2);
        assertThat(a.get().offset()).isEqualTo(1);
        assertThat(b.get().offset()).isEqualTo(2);
    }

    @Test
    void aGapTheBrokerRefusedIsRenumberedWithoutANewIdentity() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> refused = append(0, BIG);
        CompletableFuture<RecordMetadata> next = append(0, BIG);
        step();
        step();
        ScriptedNetwork.Sent sentRefused = nextProduce();
        ScriptedNetwork.Sent sentNext = network.inFlight().get(1);
        assertThat(decode(sentRefused).baseSequence()).isEqualTo(1);
        assertThat(decode(sentNext).baseSequence()).isEqualTo(2);
        answerProduce(sentRefused, Errors.INVALID_RECORD, -1);
        answerProduce(sentNext, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        assertThat(cause(refused)).isInstanceOf(InvalidRecordException.class);
        assertThat(next).isNotDone();

        clock.advance(RETRY_BACKOFF * 3);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID)).isFalse();
        ScriptedNetwork.Sent renumbered = nextProduce();
        assertThat(decode(renumbered).producerId()).isEqualTo(FIRST_ID);
        assertThat(decode(renumbered).producerEpoch()).isEqualTo(FIRST_EPOCH);
        assertThat(decode(renumbered).baseSequence())
                .as("takes the refused batch's place")
                .isEqualTo(1);
        answerProduce(renumbered, Errors.NONE, 1);
        assertThat(next.get().offset()).isEqualTo(1);

        CompletableFuture<RecordMetadata> after = append(0, BIG);
        step();
        assertThat(decode(nextProduce()).baseSequence()).isEqualTo(2);
        answerProduce(nextProduce(), Errors.NONE, 2);
        assertThat(after.get().offset()).isEqualTo(2);
    }

    @Test
    void outOfOrderBehindAnUnansweredEarlierBatchWaitsForItWithoutRepair() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> a = append(0, BIG);
        CompletableFuture<RecordMetadata> b = append(0, BIG);
        step();
        step();
        ScriptedNetwork.Sent sentA = nextProduce();
        ScriptedNetwork.Sent sentB = network.inFlight().get(1);
        answerProduce(sentB, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        answerProduce(sentA, Errors.NONE, 1);
        clock.advance(RETRY_BACKOFF * 3);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID)).isFalse();
        ScriptedNetwork.Sent retryB = nextProduce();
        assertThat(decode(retryB).baseSequence()).isEqualTo(2);
        answerProduce(retryB, Errors.NONE, 2);
        assertThat(a.get().offset()).isEqualTo(1);
        assertThat(b.get().offset()).isEqualTo(2);
    }

    @Test
    void unknownProducerIdStartsThePartitionOverUnderANewIdentity() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> a = append(0, BIG);
        step();
        answerProduce(nextProduce(), Errors.UNKNOWN_PRODUCER_ID, -1);
        clock.advance(RETRY_BACKOFF * 3);
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).isFalse();
        answerInit(6000, (short) 0);
        step();
        ScriptedNetwork.Sent retry = nextProduce();
        assertThat(decode(retry).producerId()).isEqualTo(6000);
        assertThat(decode(retry).baseSequence()).isZero();
        answerProduce(retry, Errors.NONE, 5);
        assertThat(a.get().offset()).isEqualTo(5);
    }

    @Test
    void aBatchThatExpiredUnansweredLeadsToANewIdentityAndLaterBatchesGoOut() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> lost = append(0, BIG);
        step();
        ScriptedNetwork.Sent sentLost = nextProduce();
        assertThat(decode(sentLost).baseSequence()).isEqualTo(1);
        network.fail(sentLost, new RequestTimeoutException("no answer within request.timeout.ms"), now());
        // The leader stays unreachable: the retry waits and the batch expires with its fate unknown.
        network.maxInFlight(0);
        clock.advance(DELIVERY_TIMEOUT - 1_000);
        CompletableFuture<RecordMetadata> later = append(0, BIG);
        clock.advance(1_000);
        step();
        assertThat(cause(lost)).isInstanceOf(TimeoutException.class);
        assertThat(later).isNotDone();

        network.maxInFlight(5);
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE))
                .as("not sent at sequence 2, which the broker could never take if 1 is missing")
                .isFalse();
        InitProducerIdRequest bump =
                (InitProducerIdRequest) network.next(ApiKey.INIT_PRODUCER_ID).request();
        assertThat(bump.producerId()).isEqualTo(FIRST_ID);
        answerInit(7000, (short) 0);
        step();
        ScriptedNetwork.Sent sentLater = nextProduce();
        assertThat(decode(sentLater).producerId()).isEqualTo(7000);
        assertThat(decode(sentLater).baseSequence()).isZero();
        answerProduce(sentLater, Errors.NONE, 2);
        assertThat(later.get().offset()).isEqualTo(2);
    }

    @Test
    void anUnknownFateSettledByALaterAcknowledgementNeedsNoNewIdentity() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> unsure = append(0, BIG);
        CompletableFuture<RecordMetadata> after = append(0, BIG);
        step();
        step();
        ScriptedNetwork.Sent sentUnsure = nextProduce();
        ScriptedNetwork.Sent sentAfter = network.inFlight().get(1);
        network.fail(sentUnsure, new RequestTimeoutException("no answer"), now());
        network.maxInFlight(0);
        clock.advance(DELIVERY_TIMEOUT + 1);
        step();
        assertThat(cause(unsure)).isInstanceOf(TimeoutException.class);
        // Sequence 2 landing proves sequence 1 landed too: nothing is missing.
        answerProduce(sentAfter, Errors.NONE, 2);
        network.maxInFlight(5);
        CompletableFuture<RecordMetadata> fresh = append(0, BIG);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID)).isFalse();
        ScriptedNetwork.Sent sentFresh = nextProduce();
        assertThat(decode(sentFresh).producerId()).isEqualTo(FIRST_ID);
        assertThat(decode(sentFresh).baseSequence()).isEqualTo(3);
        answerProduce(sentFresh, Errors.NONE, 3);
        assertThat(after.get().offset()).isEqualTo(2);
        assertThat(fresh.get().offset()).isEqualTo(3);
    }

    @Test
    void otherPartitionsMoveToTheNewIdentityOnlyAfterTheirOwnBatchesSettle() throws Exception {
        start();
        warmUp();
        CompletableFuture<RecordMetadata> other = append(1, "o");
        step();
        ScriptedNetwork.Sent sentOther = network.inFlight().stream()
                .filter(s -> s.nodeId() == 2)
                .findFirst()
                .orElseThrow();
        CompletableFuture<RecordMetadata> a = append(0, BIG);
        step();
        answerProduce(toNode(1), Errors.UNKNOWN_PRODUCER_ID, -1);
        clock.advance(RETRY_BACKOFF * 3);
        step();
        answerInit(8000, (short) 0);
        CompletableFuture<RecordMetadata> otherLater = append(1, "o2");
        step();
        assertThat(network.inFlight().stream().filter(s -> s.nodeId() == 2))
                .as("partition 1 waits for its batch of the old identity")
                .containsExactly(sentOther);
        network.respond(sentOther, ScriptedAnswers.produceResponse(TOPIC, 1, Errors.NONE, 0), now());
        step();
        ScriptedNetwork.Sent sentOtherLater = network.inFlight().stream()
                .filter(s -> s.nodeId() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(decode(sentOtherLater).producerId()).isEqualTo(8000);
        assertThat(decode(sentOtherLater).baseSequence()).isZero();
        network.respond(sentOtherLater, ScriptedAnswers.produceResponse(TOPIC, 1, Errors.NONE, 1), now());
        ScriptedNetwork.Sent retryA = toNode(1);
        assertThat(decode(retryA).producerId()).isEqualTo(8000);
        assertThat(decode(retryA).baseSequence()).isZero();
        answerProduce(retryA, Errors.NONE, 1);
        assertThat(other.get().offset()).isZero();
        assertThat(otherLater.get().offset()).isEqualTo(1);
        assertThat(a.get().offset()).isEqualTo(1);
    }

    @Test
    void aFencedProducerFailsEveryLaterSendWithTheNamedError() throws Exception {
        start();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        answerProduce(nextProduce(), Errors.PRODUCER_FENCED, -1);
        assertThat(cause(a)).isInstanceOf(ProducerFencedException.class);

        CompletableFuture<RecordMetadata> later = append(0, "later");
        CompletableFuture<RecordMetadata> elsewhere = append(1, "elsewhere");
        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).isFalse();
        assertThat(cause(later))
                .isInstanceOf(ProducerFencedException.class)
                .hasMessageContaining("PRODUCER_FENCED")
                .hasMessageContaining("close it");
        assertThat(cause(elsewhere)).isInstanceOf(ProducerFencedException.class);
        assertThat(ids.isFatal()).isTrue();
    }

    @Test
    void aStaleEpochOnProduceIsFatalToo() throws Exception {
        start();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        answerProduce(nextProduce(), Errors.INVALID_PRODUCER_EPOCH, -1);
        assertThat(cause(a)).isInstanceOf(InvalidProducerEpochException.class);
        CompletableFuture<RecordMetadata> later = append(0, "later");
        step();
        assertThat(cause(later))
                .isInstanceOf(InvalidProducerEpochException.class)
                .hasMessageContaining("INVALID_PRODUCER_EPOCH");
    }

    @Test
    void aClusterAuthorizationFailureOnInitProducerIdFailsSendsInsteadOfRetryingForever() throws Exception {
        startWithoutId();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        answerInit(Errors.CLUSTER_AUTHORIZATION_FAILED);
        clock.advance(RETRY_BACKOFF * 10);
        step();
        assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID)).isFalse();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).isFalse();
        assertThat(cause(a))
                .isInstanceOf(ClusterAuthorizationException.class)
                .hasMessageContaining("CLUSTER_AUTHORIZATION_FAILED");
    }

    @Test
    void initProducerIdIsRetriedWithBackoffOnRetriableErrors() throws Exception {
        startWithoutId();
        CompletableFuture<RecordMetadata> a = append(0, "a");
        List<Errors> transient_ = List.of(
                Errors.COORDINATOR_LOAD_IN_PROGRESS,
                Errors.CONCURRENT_TRANSACTIONS,
                Errors.NOT_COORDINATOR,
                Errors.COORDINATOR_NOT_AVAILABLE);
        for (Errors error : transient_) {
            answerInit(error);
            step();
            assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID))
                    .as("backing off after " + error)
                    .isFalse();
            clock.advance(RETRY_BACKOFF * 2);
            step();
            assertThat(network.hasInFlight(ApiKey.INIT_PRODUCER_ID))
                    .as("retried after " + error)
                    .isTrue();
        }
        network.fail(network.next(ApiKey.INIT_PRODUCER_ID), new IOException("connection reset"), now());
        clock.advance(RETRY_BACKOFF * 2);
        step();
        answerInit(FIRST_ID, FIRST_EPOCH);
        step();
        ScriptedNetwork.Sent sent = nextProduce();
        assertThat(decode(sent).producerId()).isEqualTo(FIRST_ID);
        answerProduce(sent, Errors.NONE, 0);
        assertThat(a.get().offset()).isZero();
        assertThat(ids.isFatal()).isFalse();
    }
}
