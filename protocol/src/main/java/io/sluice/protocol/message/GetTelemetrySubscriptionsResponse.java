package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.util.List;

/**
 * GetTelemetrySubscriptions response (key 71, KIP-714), version 0; flexible from v0.
 *
 * <pre>
 * throttle_time_ms int32
 * error_code int16
 * client_instance_id UUID                  assigned when the request carried zero, else zero
 * subscription_id int32
 * accepted_compression_types [int8]        compression type ids, the broker's preference first
 * push_interval_ms int32
 * telemetry_max_bytes int32
 * delta_temporality bool
 * requested_metrics [STRING]               name prefixes; empty: none, one empty string: all
 * tagged fields
 * </pre>
 *
 * @param throttleTimeMs quota throttle
 * @param errorCode the error, 0 on success
 * @param clientInstanceId the id the broker assigned, or {@link Uuid#ZERO} when the request already had one
 * @param subscriptionId identifies the subscription set; a push must name it
 * @param acceptedCompressionTypes the compression type ids a push may use
 * @param pushIntervalMs how often to push
 * @param telemetryMaxBytes the largest metrics payload the broker accepts
 * @param deltaTemporality true for sums as deltas since the last push, false for cumulative values
 * @param requestedMetrics metric name prefixes to push
 */
public record GetTelemetrySubscriptionsResponse(
        int throttleTimeMs,
        short errorCode,
        Uuid clientInstanceId,
        int subscriptionId,
        List<Byte> acceptedCompressionTypes,
        int pushIntervalMs,
        int telemetryMaxBytes,
        boolean deltaTemporality,
        List<String> requestedMetrics)
        implements Response {

    /** Copies the lists, so the response cannot change after it is read. */
    public GetTelemetrySubscriptionsResponse {
        acceptedCompressionTypes = List.copyOf(acceptedCompressionTypes);
        requestedMetrics = List.copyOf(requestedMetrics);
    }

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.GET_TELEMETRY_SUBSCRIPTIONS;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.GET_TELEMETRY_SUBSCRIPTIONS.checkVersion(version);
        w.writeInt(throttleTimeMs);
        w.writeShort(errorCode);
        w.writeUuid(clientInstanceId);
        w.writeInt(subscriptionId);
        w.writeArrayLength(acceptedCompressionTypes.size(), true);
        for (Byte type : acceptedCompressionTypes) {
            w.writeByte(type);
        }
        w.writeInt(pushIntervalMs);
        w.writeInt(telemetryMaxBytes);
        w.writeBoolean(deltaTemporality);
        w.writeArrayLength(requestedMetrics.size(), true);
        for (String prefix : requestedMetrics) {
            w.writeString(prefix, true);
        }
        w.writeTaggedFieldsEnd(true);
    }

    /** Decodes a response at {@code version}. */
    public static GetTelemetrySubscriptionsResponse read(ByteReader r, short version) {
        ApiKey.GET_TELEMETRY_SUBSCRIPTIONS.checkVersion(version);
        int throttleTimeMs = r.readInt();
        short errorCode = r.readShort();
        Uuid clientInstanceId = r.readUuid();
        int subscriptionId = r.readInt();
        List<Byte> compressionTypes = r.readNonNullArray(true, "accepted_compression_types", ByteReader::readByte);
        int pushIntervalMs = r.readInt();
        int telemetryMaxBytes = r.readInt();
        boolean deltaTemporality = r.readBoolean();
        List<String> requestedMetrics = r.readStringArray(true, "requested_metrics");
        r.skipTaggedFields(true);
        return new GetTelemetrySubscriptionsResponse(
                throttleTimeMs,
                errorCode,
                clientInstanceId,
                subscriptionId,
                compressionTypes,
                pushIntervalMs,
                telemetryMaxBytes,
                deltaTemporality,
                requestedMetrics);
    }
}
