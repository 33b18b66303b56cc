package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.util.Objects;

/**
 * GetTelemetrySubscriptions request (key 71, KIP-714), version 0; flexible from v0.
 *
 * <pre>
 * client_instance_id UUID   zero on the first request: the broker then assigns one
 * tagged fields
 * </pre>
 *
 * @param clientInstanceId the id the broker assigned earlier, or {@link Uuid#ZERO} to be given one
 */
public record GetTelemetrySubscriptionsRequest(Uuid clientInstanceId) implements Request {

    /** Rejects a null id: the wire has no null UUID, zero is the "none yet" value. */
    public GetTelemetrySubscriptionsRequest {
        Objects.requireNonNull(clientInstanceId, "clientInstanceId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.GET_TELEMETRY_SUBSCRIPTIONS;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.GET_TELEMETRY_SUBSCRIPTIONS.checkVersion(version);
        w.writeUuid(clientInstanceId);
        w.writeTaggedFieldsEnd(true);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static GetTelemetrySubscriptionsRequest read(ByteReader r, short version) {
        ApiKey.GET_TELEMETRY_SUBSCRIPTIONS.checkVersion(version);
        Uuid id = r.readUuid();
        r.skipTaggedFields(true);
        return new GetTelemetrySubscriptionsRequest(id);
    }
}
