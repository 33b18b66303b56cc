package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.net.ScriptedNetwork;
import io.sluice.producer.internal.txn.TransactionManager;
import io.sluice.producer.internal.txn.TxnDriver;
import io.sluice.producer.internal.txn.TxnState;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.AddPartitionsToTxnRequest;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.FindCoordinatorRequest;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.record.DecodedBatch;
import io.sluice.protocol.record.RecordBatchReader;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;

/**
 * The transactional sender over a scripted network and a manual clock, with the broker answers its tests give:
 * each test steps the I/O side ({@link #step()}), answers the requests it sent, and calls the user side with
 * {@code max.block.ms=0}, so a call times out at once, leaves its operation pending and picks up the outcome when
 * repeated.
 */
abstract class TransactionScript {
    static final String TOPIC = "t";
    static final String TXN_ID = "tx-1";
    static final long BACKOFF = 100;
    static final long BACKOFF_MAX = 1000;

    final ManualClock clock = new ManualClock(1_000_000);
    final ScriptedNetwork network = new ScriptedNetwork().reachable(-1, 1, 2);
    RecordAccumulator accumulator;
    MetadataManager metadata;
    Sender sender;
    ProducerIdManager ids;
    TransactionManager txn;
    /** {@code delivery.timeout.ms}; a test may lower it before {@link #start}. */
    int deliveryTimeoutMs = 120_000;

    void start(int transactionVersion) {
        // v12: the newest Produce that still names topics, which the scripted answers do.
        network.version(ApiKey.PRODUCE, 12).feature("transaction.version", transactionVersion);
        accumulator = ScriptedAnswers.accumulator(clock, BACKOFF, deliveryTimeoutMs);
        metadata = ScriptedAnswers.metadata(accumulator, clock, BACKOFF);
        ids = new ProducerIdManager(60_000, BACKOFF, BACKOFF_MAX);
        ids.setTransactional();
        txn = new TransactionManager(() -> {}, clock);
        TxnDriver driver = new TxnDriver(TXN_ID, 60_000, txn, ids, accumulator, network, BACKOFF, BACKOFF_MAX);
        accumulator.setBatchStamper(driver);
        SenderConfig config = new SenderConfig(
                (short) -1,
                Integer.MAX_VALUE,
                deliveryTimeoutMs,
                30_000,
                1 << 20,
                BACKOFF,
                BACKOFF_MAX,
                true,
                TXN_ID,
                false);
        sender = new Sender(config, accumulator, metadata, network, new SenderMetrics(now()), ids);
        sender.setTransactions(driver);
        metadata.requestTopic(TOPIC);
        step();
        network.respond(network.next(ApiKey.METADATA), ScriptedAnswers.twoBrokerMetadata(TOPIC), now());
    }

    /** Starts and runs initTransactions() to READY with producer id 7, epoch 0, coordinator node 1. */
    void startInitialized(int transactionVersion) {
        start(transactionVersion);
        assertThatThrownBy(() -> txn.initTransactions(0)).isInstanceOf(TimeoutException.class);
        step();
        answerFindCoordinator(1, Errors.NONE);
        step();
        answerInit(Errors.NONE, 7, 0);
        txn.initTransactions(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);
    }

    long now() {
        return clock.milliseconds();
    }

    void step() {
        sender.runOnce(now());
    }

    void answerFindCoordinator(int node, Errors error) {
        ScriptedNetwork.Sent s = network.next(ApiKey.FIND_COORDINATOR);
        FindCoordinatorRequest request = (FindCoordinatorRequest) s.request();
        network.respond(
                s,
                new FindCoordinatorResponseData()
                        .setCoordinators(List.of(new FindCoordinatorResponseData.Coordinator()
                                .setKey(request.keys().get(0))
                                .setNodeId(node)
                                .setHost("b" + node)
                                .setPort(node)
                                .setErrorCode(error.code()))),
                now());
    }

    InitProducerIdRequest answerInit(Errors error, long pid, int epoch) {
        ScriptedNetwork.Sent s = network.next(ApiKey.INIT_PRODUCER_ID);
        network.respond(
                s,
                new InitProducerIdResponseData()
                        .setErrorCode(error.code())
                        .setProducerId(pid)
                        .setProducerEpoch((short) epoch),
                now());
        return (InitProducerIdRequest) s.request();
    }

    ScriptedNetwork.Sent answerEndTxn(Errors error, long pid, int epoch) {
        ScriptedNetwork.Sent s = network.next(ApiKey.END_TXN);
        network.respond(
                s,
                new EndTxnResponseData()
                        .setErrorCode(error.code())
                        .setProducerId(pid)
                        .setProducerEpoch((short) epoch),
                now());
        return s;
    }

    AddPartitionsToTxnRequest answerAddPartitions(Errors error) {
        ScriptedNetwork.Sent s = network.next(ApiKey.ADD_PARTITIONS_TO_TXN);
        AddPartitionsToTxnRequest request = (AddPartitionsToTxnRequest) s.request();
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        for (AddPartitionsToTxnRequest.Topic t : request.topics()) {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult result =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName(t.name());
            for (int p : t.partitions()) {
                result.resultsByPartition()
                        .add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                                .setPartitionIndex(p)
                                .setPartitionErrorCode(error.code()));
            }
            topics.add(result);
        }
        network.respond(s, new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(topics), now());
        return request;
    }

    void answerProduce(int partition, Errors error) {
        for (ScriptedNetwork.Sent s : network.inFlight()) {
            if (s.request().apiKey() == ApiKey.PRODUCE && s.nodeId() == partition + 1) {
                network.respond(s, ScriptedAnswers.produceResponse(TOPIC, partition, error, 10), now());
                return;
            }
        }
        throw new AssertionError("no Produce in flight for partition " + partition);
    }

    CompletableFuture<RecordMetadata> append(int partition, String value) {
        return ScriptedAnswers.append(accumulator, metadata.current(), TOPIC, partition, value, now());
    }

    long count(ApiKey api) {
        return network.sent().stream().filter(s -> s.request().apiKey() == api).count();
    }

    static Throwable cause(CompletableFuture<RecordMetadata> f) {
        return ScriptedAnswers.failureOf(f);
    }

    /**
     * Aborts a transaction whose failed batch needs a new epoch: the abort times out while EndTxn and the epoch
     * bump (to id 7, epoch 2) go out and are answered, then completes.
     */
    void abortWithEpochBump() {
        assertThatThrownBy(() -> txn.abortTransaction(0)).isInstanceOf(TimeoutException.class);
        step();
        answerEndTxn(Errors.NONE, -1, -1);
        step();
        answerInit(Errors.NONE, 7, 2);
        step();
        txn.abortTransaction(0);
        assertThat(txn.state()).isEqualTo(TxnState.READY);
    }

    static DecodedBatch batchOf(ScriptedNetwork.Sent produce) {
        ProduceRequest request = (ProduceRequest) produce.request();
        return RecordBatchReader.readAll(
                        request.topics().get(0).partitions().get(0).records().duplicate())
                .get(0);
    }
}
