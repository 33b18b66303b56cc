package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * FindCoordinator response (key 10), versions 0-6; flexible from v3.
 *
 * <pre>
 * throttle_time_ms int32                                   (v1+)
 * error_code int16 | error_message NULLABLE_STRING (v1-3)  (v0-3)
 * node_id int32 | host STRING | port int32                 (v0-3)
 * coordinators [key STRING | node_id int32 | host STRING | port int32
 *               error_code int16 | error_message NULLABLE_STRING]     (v4+)
 * tagged fields                                            (v3+)
 * </pre>
 *
 * <p>Up to v3 the single answer is returned as a one-element {@link #coordinators()} list whose key is null
 * (the response does not repeat it), so callers handle both shapes alike.
 *
 * @param throttleTimeMs quota throttle
 * @param coordinators one entry per key asked for
 */
public record FindCoordinatorResponse(int throttleTimeMs, List<Coordinator> coordinators) implements Response {

    /**
     * Where one key's coordinator lives, or why it could not be found.
     *
     * @param key the key asked for (v4+), else null
     * @param nodeId the coordinator's node id
     * @param host its host
     * @param port its port
     * @param errorCode the error, 0 on success
     * @param errorMessage the error message, or null
     */
    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {
        /** The error as an enum. */
        public Errors error() {
            return Errors.forCode(errorCode);
        }
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        if (version >= 1) {
            w.writeInt(throttleTimeMs);
        }
        if (version <= 3) {
            if (coordinators.size() != 1) {
                throw new IllegalArgumentException(
                        "FindCoordinator v" + version + " answers one key, not " + coordinators.size());
            }
            Coordinator c = coordinators.get(0);
            w.writeShort(c.errorCode());
            if (version >= 1) {
                w.writeNullableString(c.errorMessage(), flexible);
            }
            w.writeInt(c.nodeId());
            w.writeString(c.host(), flexible);
            w.writeInt(c.port());
        } else {
            w.writeArrayLength(coordinators.size(), true);
            for (Coordinator c : coordinators) {
                w.writeCompactString(c.key());
                w.writeInt(c.nodeId());
                w.writeCompactString(c.host());
                w.writeInt(c.port());
                w.writeShort(c.errorCode());
                w.writeCompactNullableString(c.errorMessage());
                w.writeEmptyTaggedFields();
            }
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a response at {@code version}. */
    public static FindCoordinatorResponse read(ByteReader r, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        int throttleTimeMs = version >= 1 ? r.readInt() : 0;
        List<Coordinator> coordinators;
        if (version <= 3) {
            short errorCode = r.readShort();
            String errorMessage = version >= 1 ? r.readNullableString(flexible, "error_message") : null;
            int nodeId = r.readInt();
            String host = r.readString(flexible, "host");
            int port = r.readInt();
            coordinators = List.of(new Coordinator(null, nodeId, host, port, errorCode, errorMessage));
        } else {
            coordinators = r.readNonNullArray(true, "coordinators", c -> {
                Coordinator coordinator = new Coordinator(
                        c.readCompactString("coordinators.key"),
                        c.readInt(),
                        c.readCompactString("coordinators.host"),
                        c.readInt(),
                        c.readShort(),
                        c.readCompactNullableString("coordinators.error_message"));
                c.skipTaggedFields();
                return coordinator;
            });
        }
        r.skipTaggedFields(flexible);
        return new FindCoordinatorResponse(throttleTimeMs, coordinators);
    }
}
