package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ProtocolException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.PushTelemetryResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.api.Test;

/**
 * Feeds every response decoder, and every request decoder a fake broker uses, at every version, random frames and mutations of valid ones for a bounded
 * time. Each input must end in a value or a {@link ProtocolException}: no other exception, no hang, and no
 * allocation out of proportion to the frame (which is what trusting a hostile length would cause).
 */
class DecoderFuzzTest {
    private static final Duration BUDGET = Duration.ofMillis(2500);
    private static final long ALLOCATION_SLACK = 1024 * 1024;
    private static final long ALLOCATION_PER_INPUT_BYTE = 200;

    private record Target(ApiKey key, short version, BiFunction<ByteReader, Short, Object> decoder, byte[] seed) {}

    @Test
    void everyInputEndsInAValueOrAProtocolError() {
        List<Target> targets = targets(new Random(42));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] outcomes = new int[2]; // decoded, rejected
        warmUp(targets); // class loading and linking would otherwise count as the first input's allocation
        assertTimeoutPreemptively(BUDGET.multipliedBy(10), () -> {
            long deadline = System.nanoTime() + BUDGET.toNanos();
            while (System.nanoTime() < deadline) {
                Target target = targets.get(random.nextInt(targets.size()));
                byte[] input = random.nextInt(4) == 0 ? randomBytes(random) : mutate(target.seed(), random);
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    target.decoder().apply(ByteReader.of(input), target.version());
                    outcomes[0]++;
                } catch (ProtocolException expected) {
                    outcomes[1]++;
                } catch (RuntimeException | Error e) {
                    fail(describe(target, input, seed) + " threw " + e, e);
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (allocated > ALLOCATION_SLACK + ALLOCATION_PER_INPUT_BYTE * input.length) {
                    fail(describe(target, input, seed) + " allocated " + allocated + " bytes");
                }
            }
        });
        assertThat(outcomes[0]).as("inputs decoded").isPositive();
        assertThat(outcomes[1]).as("inputs rejected").isPositive();
    }

    @Test
    void everyValidSeedDecodes() {
        for (Target t : targets(new Random(7))) {
            t.decoder().apply(ByteReader.of(t.seed()), t.version());
        }
    }

    private static void warmUp(List<Target> targets) {
        for (Target t : targets) {
            t.decoder().apply(ByteReader.of(t.seed()), t.version());
            try {
                t.decoder().apply(ByteReader.of(new byte[0]), t.version());
            } catch (ProtocolException expected) {
                // an empty frame is too short for every response
            }
        }
    }

    private static String describe(Target t, byte[] input, long seed) {
        return t.key() + " v" + t.version() + " (fuzz seed " + seed + ") on "
                + HexFormat.of().formatHex(input);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    /** One to four edits of a valid frame: flipped bits, hostile lengths spliced in, truncation, garbage. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        for (int edits = 1 + random.nextInt(4); edits > 0 && b.length > 0; edits--) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt();
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                case 3 -> splice(b, at, new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                case 4 -> splice(b, at, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
                default -> splice(b, at, new byte[] {(byte) 0xff, (byte) 0xfe});
            }
        }
        return b;
    }

    private static void splice(byte[] b, int at, byte[] patch) {
        System.arraycopy(patch, 0, b, at, Math.min(patch.length, b.length - at));
    }

    private static List<Target> targets(Random random) {
        List<Target> targets = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
                Gen g = new Gen(random.nextLong());
                targets.add(new Target(key, v, decoder(key), Oracle.kafkaBytes(sample(key, v, g), v)));
                BiFunction<ByteReader, Short, Object> requestDecoder = (r, version) ->
                        FrameParsedByKafkaTest.requestDecoder(key).apply(r, version);
                targets.add(new Target(
                        key, v, requestDecoder, Oracle.ourBytes(FrameParsedByKafkaTest.sample(key, v, g), v)));
            }
        }
        return targets;
    }

    private static BiFunction<ByteReader, Short, Object> decoder(ApiKey key) {
        return switch (key) {
            case API_VERSIONS -> ApiVersionsResponse::read;
            case METADATA -> MetadataResponse::read;
            case PRODUCE -> ProduceResponse::read;
            case INIT_PRODUCER_ID -> InitProducerIdResponse::read;
            case FIND_COORDINATOR -> FindCoordinatorResponse::read;
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnResponse::read;
            case ADD_OFFSETS_TO_TXN -> AddOffsetsToTxnResponse::read;
            case END_TXN -> EndTxnResponse::read;
            case TXN_OFFSET_COMMIT -> TxnOffsetCommitResponse::read;
            case SASL_HANDSHAKE -> SaslHandshakeResponse::read;
            case SASL_AUTHENTICATE -> SaslAuthenticateResponse::read;
            case CREATE_TOPICS -> CreateTopicsResponse::read;
            case GET_TELEMETRY_SUBSCRIPTIONS -> GetTelemetrySubscriptionsResponse::read;
            case PUSH_TELEMETRY -> PushTelemetryResponse::read;
        };
    }

    /** A valid response for {@code key} at {@code v}, written by kafka-clients. */
    private static Message sample(ApiKey key, short v, Gen g) {
        return switch (key) {
            case API_VERSIONS -> ApiVersionsCodecTest.randomResponse(g);
            case METADATA -> MetadataCodecTest.randomResponse(g, v);
            case PRODUCE -> ProduceCodecTest.randomResponse(g, v);
            case INIT_PRODUCER_ID -> new InitProducerIdResponseData().setProducerId(g.int64());
            case FIND_COORDINATOR -> findCoordinator(g, v);
            case ADD_PARTITIONS_TO_TXN -> addPartitions(g);
            case ADD_OFFSETS_TO_TXN -> new AddOffsetsToTxnResponseData().setErrorCode(g.int16());
            case END_TXN -> new EndTxnResponseData().setProducerId(v >= 5 ? g.int64() : -1);
            case TXN_OFFSET_COMMIT ->
                new TxnOffsetCommitResponseData()
                        .setTopics(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                                .setName(g.string())
                                .setPartitions(
                                        List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()))));
            case SASL_HANDSHAKE -> new SaslHandshakeResponseData().setMechanisms(List.of("PLAIN", "SCRAM-SHA-512"));
            case SASL_AUTHENTICATE ->
                new SaslAuthenticateResponseData()
                        .setErrorMessage(g.nullableString())
                        .setAuthBytes(g.bytes());
            case CREATE_TOPICS -> createTopics(g, v);
            case GET_TELEMETRY_SUBSCRIPTIONS ->
                new GetTelemetrySubscriptionsResponseData()
                        .setClientInstanceId(Oracle.toKafka(g.nonZeroUuid()))
                        .setAcceptedCompressionTypes(List.of((byte) 4, (byte) 1))
                        .setRequestedMetrics(List.of("org.apache.kafka.producer.", g.string()));
            case PUSH_TELEMETRY -> new PushTelemetryResponseData().setErrorCode(g.int16());
        };
    }

    private static Message findCoordinator(Gen g, short v) {
        FindCoordinatorResponseData d = new FindCoordinatorResponseData();
        if (v <= 3) {
            return d.setHost(g.string()).setNodeId(g.int32());
        }
        d.coordinators()
                .add(new FindCoordinatorResponseData.Coordinator()
                        .setKey(g.string())
                        .setHost(g.string()));
        return d;
    }

    private static Message addPartitions(Gen g) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection partitions =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection();
        partitions.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult().setPartitionIndex(1));
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        topics.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult()
                .setName(g.string())
                .setResultsByPartition(partitions));
        return new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(topics);
    }

    private static Message createTopics(Gen g, short v) {
        CreateTopicsResponseData d = new CreateTopicsResponseData();
        CreateTopicsResponseData.CreatableTopicResult t =
                new CreateTopicsResponseData.CreatableTopicResult().setName(g.string());
        if (v >= 5) {
            t.setTopicConfigErrorCode((short) 3)
                    .setConfigs(List.of(new CreateTopicsResponseData.CreatableTopicConfigs()
                            .setName("retention.ms")
                            .setValue("1")));
        }
        d.topics().add(t);
        return d;
    }
}
