package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestAndSize;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Whole frames (size, header, body) as the broker receives them: kafka-clients' server-side parser reads the
 * header and the body of every request we write, for every API and version, consumes exactly the frame, and
 * re-encodes the body to the same bytes.
 */
class FrameParsedByKafkaTest {

    @Property(tries = 50)
    void kafkaParsesEveryFrameWeWrite(@ForAll long seed, @ForAll int correlationId) {
        for (ApiKey key : ApiKey.values()) {
            for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
                Request request = sample(key, v, new Gen(seed));
                ByteWriter w = new ByteWriter(64);
                int start = io.sluice.protocol.message.RequestHeader.writeFrame(
                        w, request, v, correlationId, "client-" + seed);
                byte[] frame = w.toByteArray();
                ByteBuffer buf = ByteBuffer.wrap(frame);
                assertThat(start).isZero();
                assertThat(buf.getInt()).isEqualTo(frame.length - 4);

                RequestHeader header = RequestHeader.parse(buf);
                assertThat(header.apiKey().id).isEqualTo(key.id());
                assertThat(header.apiVersion()).isEqualTo(v);
                assertThat(header.correlationId()).isEqualTo(correlationId);
                assertThat(header.clientId()).isEqualTo("client-" + seed);

                int bodyStart = buf.position();
                RequestAndSize parsed =
                        AbstractRequest.parseRequest(ApiKeys.forId(key.id()), v, new ByteBufferAccessor(buf));
                assertThat(buf.hasRemaining())
                        .as(key + " v" + v + " consumed the whole frame")
                        .isFalse();
                ByteBuffer reencoded = parsed.request.serialize().buffer();
                byte[] kafkaBody = new byte[reencoded.remaining()];
                reencoded.get(kafkaBody);
                byte[] body = Arrays.copyOfRange(frame, bodyStart, frame.length);
                assertThat(kafkaBody).as(key + " v" + v).containsExactly(body);

                // and our own broker-side decoding reads the same frame back to the same bytes
                ByteReader r = ByteReader.of(Arrays.copyOfRange(frame, 4, frame.length));
                assertThat(io.sluice.protocol.message.RequestHeader.read(r))
                        .isEqualTo(new io.sluice.protocol.message.RequestHeader.Parsed(
                                key, key.id(), v, correlationId, "client-" + seed));
                Request decoded = requestDecoder(key).apply(r, v);
                assertThat(r.hasRemaining()).isFalse();
                assertThat(Oracle.ourBytes(decoded, v)).as(key + " v" + v).containsExactly(body);
            }
        }
    }

    static BiFunction<ByteReader, Short, Request> requestDecoder(ApiKey key) {
        return switch (key) {
            case API_VERSIONS -> ApiVersionsRequest::read;
            case METADATA -> MetadataRequest::read;
            case PRODUCE -> ProduceRequest::read;
            case INIT_PRODUCER_ID -> InitProducerIdRequest::read;
            case FIND_COORDINATOR -> FindCoordinatorRequest::read;
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnRequest::read;
            case ADD_OFFSETS_TO_TXN -> AddOffsetsToTxnRequest::read;
            case END_TXN -> EndTxnRequest::read;
            case TXN_OFFSET_COMMIT -> TxnOffsetCommitRequest::read;
            case SASL_HANDSHAKE -> SaslHandshakeRequest::read;
            case SASL_AUTHENTICATE -> SaslAuthenticateRequest::read;
            case CREATE_TOPICS -> CreateTopicsRequest::read;
            case GET_TELEMETRY_SUBSCRIPTIONS -> GetTelemetrySubscriptionsRequest::read;
            case PUSH_TELEMETRY -> PushTelemetryRequest::read;
        };
    }

    /** A request of {@code key} with random values that version {@code v} can carry. */
    static Request sample(ApiKey key, short v, Gen g) {
        return switch (key) {
            case API_VERSIONS -> new ApiVersionsRequest(g.string(), g.string());
            case METADATA ->
                new MetadataRequest(
                        v == 0 ? List.of() : g.list(3, () -> MetadataRequest.Topic.named(g.string())),
                        v < 4 || g.bool(),
                        false,
                        v >= 8 && g.bool());
            case PRODUCE ->
                new ProduceRequest(
                        g.nullableString(),
                        (short) 1,
                        g.int32(),
                        List.of(new ProduceRequest.TopicData(
                                g.string(),
                                g.nonZeroUuid(),
                                List.of(new ProduceRequest.PartitionData(0, ByteBuffer.wrap(g.bytes()))))));
            case INIT_PRODUCER_ID -> InitProducerIdRequest.fresh(g.nullableString(), g.int32());
            case FIND_COORDINATOR -> FindCoordinatorRequest.group(g.string());
            case ADD_PARTITIONS_TO_TXN ->
                new AddPartitionsToTxnRequest(
                        g.string(), g.int64(), g.int16(), List.of(new AddPartitionsToTxnRequest.Topic("t", g.ints(3))));
            case ADD_OFFSETS_TO_TXN -> new AddOffsetsToTxnRequest(g.string(), g.int64(), g.int16(), g.string());
            case END_TXN -> new EndTxnRequest(g.string(), g.int64(), g.int16(), g.bool());
            case TXN_OFFSET_COMMIT ->
                new TxnOffsetCommitRequest(
                        g.string(),
                        g.string(),
                        g.int64(),
                        g.int16(),
                        -1,
                        "",
                        null,
                        List.of(new TxnOffsetCommitRequest.Topic(
                                g.string(), List.of(new TxnOffsetCommitRequest.Partition(0, g.int64(), -1, null)))));
            case SASL_HANDSHAKE -> new SaslHandshakeRequest(g.string());
            case SASL_AUTHENTICATE -> new SaslAuthenticateRequest(g.bytes());
            case CREATE_TOPICS ->
                new CreateTopicsRequest(
                        List.of(CreateTopicsRequest.Topic.of(g.string(), g.int32(), g.int16())), g.int32(), g.bool());
            case GET_TELEMETRY_SUBSCRIPTIONS -> new GetTelemetrySubscriptionsRequest(g.uuid());
            case PUSH_TELEMETRY -> new PushTelemetryRequest(g.nonZeroUuid(), g.int32(), g.bool(), (byte) 0, g.bytes());
        };
    }
}
