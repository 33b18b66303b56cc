package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * FindCoordinator request (key 10), versions 0-6; flexible from v3.
 *
 * <pre>
 * key STRING                        (v0-3)
 * key_type int8                     (v1+)
 * coordinator_keys [STRING]         (v4+: several keys in one request)
 * tagged fields                     (v3+)
 * </pre>
 *
 * <p>Up to v3 one key is asked for; from v4 a batch. {@code keys} holds them either way, and must hold exactly
 * one key below v4.
 *
 * @param keyType {@link #GROUP} or {@link #TRANSACTION} (v1+; v0 knows groups only)
 * @param keys the group ids or transactional ids
 */
public record FindCoordinatorRequest(byte keyType, List<String> keys) implements Request {
    /** Key type of a consumer group id. */
    public static final byte GROUP = 0;
    /** Key type of a transactional id. */
    public static final byte TRANSACTION = 1;

    /** The transaction coordinator of one transactional id. */
    public static FindCoordinatorRequest transaction(String transactionalId) {
        return new FindCoordinatorRequest(TRANSACTION, List.of(transactionalId));
    }

    /** The group coordinator of one group id. */
    public static FindCoordinatorRequest group(String groupId) {
        return new FindCoordinatorRequest(GROUP, List.of(groupId));
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        if (version <= 3) {
            if (keys.size() != 1) {
                throw new IllegalArgumentException(
                        "FindCoordinator v" + version + " asks for one key, not " + keys.size());
            }
            w.writeString(keys.get(0), flexible);
        }
        if (version >= 1) {
            w.writeByte(keyType);
        } else if (keyType != GROUP) {
            throw new IllegalArgumentException("FindCoordinator v0 finds group coordinators only");
        }
        if (version >= 4) {
            w.writeArrayLength(keys.size(), true);
            for (String key : keys) {
                w.writeCompactString(key);
            }
        }
        w.writeTaggedFieldsEnd(flexible);
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static FindCoordinatorRequest read(ByteReader r, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        String key = version <= 3 ? r.readString(flexible, "key") : null;
        byte keyType = version >= 1 ? r.readByte() : GROUP;
        List<String> keys = version >= 4 ? r.readStringArray(true, "coordinator_keys") : List.of(key);
        r.skipTaggedFields(flexible);
        return new FindCoordinatorRequest(keyType, keys);
    }
}
