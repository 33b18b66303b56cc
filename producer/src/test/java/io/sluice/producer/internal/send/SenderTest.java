package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.InvalidRecordException;
import io.sluice.producer.errors.NotEnoughReplicasException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.Idempotence;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.net.RequestTimeoutException;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.record.DecodedBatch;
import io.sluice.protocol.record.RecordBatchReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.junit.jupiter.api.Test;

/**
 * Drives the sender step by step over a scripted network and a manual clock. The broker's answers are
 * written by the test with kafka-clients' message classes; what the sender does with them is what is
 * checked.
 */
class SenderTest {
    private static final String TOPIC = "t";
    private static final long DELIVERY_TIMEOUT = 10_000;
    private static final long RETRY_BACKOFF = 100;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ScriptedNetwork network = new ScriptedNetwork().reachable(-1, 1, 2);
    private RecordAccumulator accumulator;
    private MetadataManager metadata;
    private Sender sender;

    private void start(short acks, int retries, boolean idempotent) {
        accumulator = ScriptedAnswers.accumulator(clock, RETRY_BACKOFF, (int) DELIVERY_TIMEOUT);
        metadata = ScriptedAnswers.metadata(accumulator, clock, RETRY_BACKOFF);
        ProducerIdManager ids = idempotent ? new ProducerIdManager(60_000, RETRY_BACKOFF, 1000) : null;
        if (ids != null) {
            accumulator.setBatchStamper(ids);
        }
        SenderConfig config = new SenderConfig(
                acks,
                retries,
                DELIVERY_TIMEOUT,
                30_000,
                1 << 20,
                RETRY_BACKOFF,
                RETRY_BACKOFF,
                idempotent,
                null,
                false);
        sender = new Sender(
                config,
                accumulator,
                metadata,
                network,
                new SenderMetrics(clock.milliseconds()),
                ids != null ? ids : Idempotence.NONE);
        metadata.requestTopic(TOPIC);
        step();
        network.respond(network.next(ApiKey.METADATA), ScriptedAnswers.twoBrokerMetadata(TOPIC), now());
        if (idempotent) {
            step();
            network.respond(
                    network.next(ApiKey.INIT_PRODUCER_ID),
                    new InitProducerIdResponseData().setProducerId(4242).setProducerEpoch((short) 3),
                    now());
        }
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

    private static Throwable cause(CompletableFuture<RecordMetadata> f) {
        return ScriptedAnswers.failureOf(f);
    }

    @Test
    void shipsOneRequestPerLeaderAndCompletesWithTheBrokersOffsets() throws Exception {
        start((short) -1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        CompletableFuture<RecordMetadata> b = append(0, "b");
        CompletableFuture<RecordMetadata> c = append(1, "c");
        step();
        ScriptedNetwork.Sent toOne = network.next(ApiKey.PRODUCE);
        assertThat(toOne.nodeId()).isEqualTo(1);
        ProduceRequest request = (ProduceRequest) toOne.request();
        assertThat(request.acks()).isEqualTo((short) -1);
        assertThat(request.topics()).hasSize(1);
        assertThat(request.topics().get(0).partitions())
                .extracting(ProduceRequest.PartitionData::index)
                .containsExactly(0);
        assertThat(network.inFlight()).extracting(ScriptedNetwork.Sent::nodeId).containsExactlyInAnyOrder(1, 2);

        network.respond(toOne, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 40), now());
        assertThat(a.get().offset()).isEqualTo(40);
        assertThat(b.get().offset()).isEqualTo(41);
        assertThat(c).isNotDone();
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 1, Errors.NONE, 7), now());
        assertThat(c.get().offset()).isEqualTo(7);
        assertThat(sender.metrics().recordsSent()).isEqualTo(3);
    }

    @Test
    void acksZeroCompletesOnceWrittenWithoutOffsets() throws Exception {
        start((short) 0, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        assertThat(network.sent()).extracting(s -> s.request().apiKey()).contains(ApiKey.PRODUCE);
        assertThat(network.sent().get(network.sent().size() - 1).expectResponse())
                .isFalse();
        assertThat(a.get().hasOffset()).isFalse();
    }

    @Test
    void retriesARetriableErrorAfterTheBackoffAndRefreshesMetadata() throws Exception {
        start((short) 1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        network.respond(
                network.next(ApiKey.PRODUCE),
                ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NOT_LEADER_OR_FOLLOWER, -1),
                now());
        assertThat(a).isNotDone();

        step();
        assertThat(network.hasInFlight(ApiKey.PRODUCE)).as("still backing off").isFalse();

        clock.advance(RETRY_BACKOFF * 2);
        step();
        assertThat(network.hasInFlight(ApiKey.METADATA))
                .as("metadata refresh after NOT_LEADER")
                .isTrue();
        network.respond(network.next(ApiKey.METADATA), ScriptedAnswers.twoBrokerMetadata(TOPIC), now());
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 3), now());
        assertThat(a.get().offset()).isEqualTo(3);
        assertThat(sender.metrics().retries()).isEqualTo(1);
    }

    @Test
    void failsOnlyTheBatchOfANonRetriableErrorWithTheKafkaErrorName() throws Exception {
        start((short) 1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> bad = append(0, "a");
        CompletableFuture<RecordMetadata> good = append(1, "b");
        step();
        for (ScriptedNetwork.Sent s : new ArrayList<>(network.inFlight())) {
            if (s.nodeId() == 1) {
                network.respond(s, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.INVALID_RECORD, -1), now());
            } else {
                network.respond(s, ScriptedAnswers.produceResponse(TOPIC, 1, Errors.NONE, 0), now());
            }
        }
        assertThat(cause(bad)).isInstanceOf(InvalidRecordException.class).hasMessageContaining("INVALID_RECORD");
        assertThat(good.get().offset()).isZero();
        assertThat(sender.metrics().errors("INVALID_RECORD")).isEqualTo(1);
    }

    @Test
    void retriesNotEnoughReplicasUntilTheDeliveryTimeoutThenSaysTheIsrWasTooSmall() {
        start((short) -1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        int attempts = 0;
        while (!a.isDone()) {
            step();
            if (network.hasInFlight(ApiKey.PRODUCE)) {
                attempts++;
                network.respond(
                        network.next(ApiKey.PRODUCE),
                        ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NOT_ENOUGH_REPLICAS, -1),
                        now());
            }
            clock.advance(RETRY_BACKOFF);
            assertThat(attempts).isLessThan(1000);
        }
        assertThat(attempts).isGreaterThan(10);
        Throwable failure = cause(a);
        assertThat(failure)
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("min.insync.replicas")
                .hasMessageContaining("NOT_ENOUGH_REPLICAS")
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void retriesARequestThatTimedOutAndStopsWhenRetriesRunOut() {
        start((short) 1, 1, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        network.fail(network.next(ApiKey.PRODUCE), new RequestTimeoutException("no answer"), now());
        assertThat(a).isNotDone();
        clock.advance(RETRY_BACKOFF * 2);
        step();
        network.fail(network.next(ApiKey.PRODUCE), new RequestTimeoutException("no answer"), now());
        assertThat(cause(a)).isInstanceOf(SluiceApiException.class).hasMessageContaining("REQUEST_TIMED_OUT");
    }

    @Test
    void aBatchThatExpiresInFlightGivesBackItsMemoryButNeverItsBuffer() {
        // Connections write batches straight from their buffers, and this request may still be queued on one: a new
        // batch built in that buffer would go out in its place.
        start((short) 1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        network.next(ApiKey.PRODUCE);
        long total = accumulator.bufferPool().totalMemory();
        assertThat(accumulator.bufferPool().availableMemory()).isLessThan(total);

        clock.advance(DELIVERY_TIMEOUT + 1);
        step();

        assertThat(cause(a)).isInstanceOf(TimeoutException.class);
        assertThat(accumulator.bufferPool().availableMemory()).isEqualTo(total);
        assertThat(accumulator.bufferPool().pooledFreeMemory())
                .as("the expired batch's buffer is not in the free list")
                .isZero();
    }

    @Test
    void idempotentBatchesKeepTheirSequenceAcrossRetriesAndDuplicatesCountAsDelivered() throws Exception {
        start((short) -1, Integer.MAX_VALUE, true);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        CompletableFuture<RecordMetadata> b = append(0, "b");
        step();
        ScriptedNetwork.Sent first = network.next(ApiKey.PRODUCE);
        DecodedBatch sent = decode(first);
        assertThat(sent.producerId()).isEqualTo(4242);
        assertThat(sent.producerEpoch()).isEqualTo((short) 3);
        assertThat(sent.baseSequence()).isZero();
        network.fail(first, new java.io.IOException("connection reset"), now());

        clock.advance(RETRY_BACKOFF * 2);
        step();
        ScriptedNetwork.Sent retry = network.next(ApiKey.PRODUCE);
        assertThat(decode(retry).baseSequence()).isZero();
        network.respond(retry, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.DUPLICATE_SEQUENCE_NUMBER, 10), now());
        assertThat(a.get().offset()).isEqualTo(10);
        assertThat(b.get().offset()).isEqualTo(11);

        CompletableFuture<RecordMetadata> c = append(0, "c");
        step();
        assertThat(decode(network.next(ApiKey.PRODUCE)).baseSequence()).isEqualTo(2);
        network.respond(
                network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 12), now());
        assertThat(c.get().offset()).isEqualTo(12);
    }

    @Test
    void splitsABatchRefusedAsTooLargeAndTheHalvesKeepItsSequenceRange() throws Exception {
        start((short) -1, Integer.MAX_VALUE, true);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(append(0, "r" + i));
        }
        step();
        ScriptedNetwork.Sent whole = network.next(ApiKey.PRODUCE);
        assertThat(decode(whole).records()).hasSize(4);
        network.respond(whole, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.MESSAGE_TOO_LARGE, -1), now());

        step();
        ScriptedNetwork.Sent firstHalf = network.next(ApiKey.PRODUCE);
        assertThat(decode(firstHalf).records()).hasSize(2);
        assertThat(decode(firstHalf).baseSequence()).isZero();
        network.respond(firstHalf, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 100), now());
        step();
        ScriptedNetwork.Sent secondHalf = network.next(ApiKey.PRODUCE);
        assertThat(decode(secondHalf).baseSequence()).isEqualTo(2);
        network.respond(secondHalf, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 102), now());
        for (int i = 0; i < 4; i++) {
            assertThat(futures.get(i).get().offset()).isEqualTo(100 + i);
        }
    }

    @Test
    void keepsOneIdempotentBatchInFlightPerPartitionUntilTheBrokerAcknowledgesOne() throws Exception {
        start((short) -1, Integer.MAX_VALUE, true);
        String big = "x".repeat(10_000);
        CompletableFuture<RecordMetadata> first = append(0, big);
        CompletableFuture<RecordMetadata> second = append(0, big);
        CompletableFuture<RecordMetadata> third = append(0, big);
        step();
        step();
        assertThat(network.inFlight()).hasSize(1);
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 0), now());
        step();
        step();
        assertThat(network.inFlight())
                .as("pipelined once the broker knows the producer")
                .hasSize(2);
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 1), now());
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 2), now());
        assertThat(first.get().offset()).isZero();
        assertThat(second.get().offset()).isEqualTo(1);
        assertThat(third.get().offset()).isEqualTo(2);
    }

    @Test
    void retriesABatchCalledOutOfOrderWhenAnEarlierOneIsStillUnacknowledged() throws Exception {
        start((short) -1, Integer.MAX_VALUE, true);
        String big = "x".repeat(10_000);
        CompletableFuture<RecordMetadata> warm = append(0, big);
        step();
        network.respond(network.next(ApiKey.PRODUCE), ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 0), now());
        CompletableFuture<RecordMetadata> a = append(0, big);
        CompletableFuture<RecordMetadata> b = append(0, big);
        step();
        step();
        ScriptedNetwork.Sent sentA = network.next(ApiKey.PRODUCE);
        network.respond(sentA, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NOT_LEADER_OR_FOLLOWER, -1), now());
        network.respond(
                network.next(ApiKey.PRODUCE),
                ScriptedAnswers.produceResponse(TOPIC, 0, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1),
                now());
        assertThat(b).as("overtaken, not failed").isNotDone();

        clock.advance(RETRY_BACKOFF * 3);
        step();
        ScriptedNetwork.Sent retryA = network.next(ApiKey.PRODUCE);
        assertThat(decode(retryA).baseSequence()).isEqualTo(1);
        network.respond(retryA, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 1), now());
        step();
        ScriptedNetwork.Sent retryB = network.next(ApiKey.PRODUCE);
        assertThat(decode(retryB).baseSequence()).isEqualTo(2);
        network.respond(retryB, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 2), now());
        assertThat(warm.get().offset()).isZero();
        assertThat(a.get().offset()).isEqualTo(1);
        assertThat(b.get().offset()).isEqualTo(2);
    }

    @Test
    void waitsForAResponseInsteadOfSpinningWhenTheLeaderIsAtItsInFlightLimit() {
        network.maxInFlight(1);
        start((short) 1, Integer.MAX_VALUE, false);
        String big = "x".repeat(10_000);
        append(0, big);
        step();
        append(0, big);
        step();
        assertThat(network.inFlight()).hasSize(1);
        assertThat(network.lastPollTimeoutMs).isGreaterThan(0);
    }

    @Test
    void retriesOnTheNewLeaderAfterARequestTimedOutAndLeadershipMoved() throws Exception {
        start((short) -1, Integer.MAX_VALUE, false);
        CompletableFuture<RecordMetadata> a = append(0, "a");
        step();
        ScriptedNetwork.Sent toOldLeader = network.next(ApiKey.PRODUCE);
        assertThat(toOldLeader.nodeId()).isEqualTo(1);
        network.fail(toOldLeader, new RequestTimeoutException("no response within request.timeout.ms"), now());

        clock.advance(RETRY_BACKOFF * 2);
        step();
        // The retry may leave before the refreshed metadata is in; the old leader then refuses it.
        if (network.hasInFlight(ApiKey.PRODUCE)) {
            network.respond(
                    network.next(ApiKey.PRODUCE),
                    ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NOT_LEADER_OR_FOLLOWER, -1),
                    now());
        }
        MetadataResponseData moved = ScriptedAnswers.twoBrokerMetadata(TOPIC);
        moved.topics().iterator().next().partitions().get(0).setLeaderId(2).setLeaderEpoch(2);
        network.respond(network.next(ApiKey.METADATA), moved, now());
        clock.advance(RETRY_BACKOFF * 3);
        step();
        ScriptedNetwork.Sent toNewLeader = network.next(ApiKey.PRODUCE);
        assertThat(toNewLeader.nodeId()).isEqualTo(2);
        network.respond(toNewLeader, ScriptedAnswers.produceResponse(TOPIC, 0, Errors.NONE, 9), now());
        assertThat(a.get().offset()).isEqualTo(9);
    }

    private static DecodedBatch decode(ScriptedNetwork.Sent s) {
        ProduceRequest request = (ProduceRequest) s.request();
        return RecordBatchReader.readAll(
                        request.topics().get(0).partitions().get(0).records().duplicate())
                .get(0);
    }
}
