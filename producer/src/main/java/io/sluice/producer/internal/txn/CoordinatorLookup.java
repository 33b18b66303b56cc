package io.sluice.producer.internal.txn;

import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.protocol.message.FindCoordinatorRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The coordinators found so far: the transaction coordinator of the transactional id and the group coordinator of
 * each consumer group offsets were sent for. An entry is forgotten when its coordinator moved (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE) or its connection broke, and found again with FindCoordinator. I/O thread only.
 */
final class CoordinatorLookup {
    private final Map<String, BrokerEndpoint> transaction = new HashMap<>();
    private final Map<String, BrokerEndpoint> group = new HashMap<>();

    BrokerEndpoint find(byte keyType, String key) {
        return table(keyType).get(key);
    }

    void found(byte keyType, String key, BrokerEndpoint node) {
        table(keyType).put(key, node);
    }

    void forget(byte keyType, String key) {
        table(keyType).remove(key);
    }

    /** Forgets every coordinator on the node, e.g. after its connection broke. */
    void forgetNode(int nodeId) {
        transaction.values().removeIf(n -> n.id() == nodeId);
        group.values().removeIf(n -> n.id() == nodeId);
    }

    private Map<String, BrokerEndpoint> table(byte keyType) {
        return keyType == FindCoordinatorRequest.TRANSACTION ? transaction : group;
    }
}
