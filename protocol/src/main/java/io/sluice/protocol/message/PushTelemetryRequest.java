package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.ProtocolException;
import io.sluice.protocol.types.Uuid;
import java.util.Arrays;
import java.util.Objects;

/**
 * PushTelemetry request (key 72, KIP-714), version 0; flexible from v0.
 *
 * <pre>
 * client_instance_id UUID
 * subscription_id int32
 * terminating bool           the last push of a client that is closing
 * compression_type int8      the codec of metrics, one the subscription accepts (0 for none)
 * metrics COMPACT_BYTES      OTLP MetricsData (protobuf), compressed by compression_type
 * tagged fields
 * </pre>
 *
 * @param clientInstanceId the id the broker assigned
 * @param subscriptionId the subscription these metrics answer
 * @param terminating true for the last push before the client closes
 * @param compressionType the compression type id of {@code metrics}
 * @param metrics the encoded, possibly compressed, metrics
 */
public record PushTelemetryRequest(
        Uuid clientInstanceId, int subscriptionId, boolean terminating, byte compressionType, byte[] metrics)
        implements Request {

    /** Rejects nulls, which the wire cannot carry for these fields. */
    public PushTelemetryRequest {
        Objects.requireNonNull(clientInstanceId, "clientInstanceId");
        Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PUSH_TELEMETRY;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.PUSH_TELEMETRY.checkVersion(version);
        w.writeUuid(clientInstanceId);
        w.writeInt(subscriptionId);
        w.writeBoolean(terminating);
        w.writeByte(compressionType);
        w.writeNullableBytes(metrics, true);
        w.writeTaggedFieldsEnd(true);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static PushTelemetryRequest read(ByteReader r, short version) {
        ApiKey.PUSH_TELEMETRY.checkVersion(version);
        Uuid id = r.readUuid();
        int subscriptionId = r.readInt();
        boolean terminating = r.readBoolean();
        byte compressionType = r.readByte();
        byte[] metrics = r.readNullableBytes(true, "metrics");
        if (metrics == null) {
            throw new ProtocolException("non-nullable metrics is null");
        }
        r.skipTaggedFields(true);
        return new PushTelemetryRequest(id, subscriptionId, terminating, compressionType, metrics);
    }

    /** Compares the metrics by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PushTelemetryRequest other
                && clientInstanceId.equals(other.clientInstanceId)
                && subscriptionId == other.subscriptionId
                && terminating == other.terminating
                && compressionType == other.compressionType
                && Arrays.equals(metrics, other.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientInstanceId, subscriptionId, terminating, compressionType, Arrays.hashCode(metrics));
    }

    /** Shows the size of the metrics, not their bytes. */
    @Override
    public String toString() {
        return "PushTelemetryRequest[clientInstanceId=" + clientInstanceId + ", subscriptionId=" + subscriptionId
                + ", terminating=" + terminating + ", compressionType=" + compressionType + ", metrics="
                + metrics.length + " bytes]";
    }
}
