package io.sluice.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one cluster, copied from a {@link KafkaCluster.Builder} when it starts so later changes to the
 * builder cannot reach a running cluster. Maps keep their insertion order.
 *
 * @param brokerCount 1 for one combined node; more for one controller and that many brokers
 * @param brokerProperties server properties for brokers, applied after the kit's defaults
 * @param brokerRacks {@code broker.rack} of broker 1, 2, ... in order; empty for none
 * @param controllerProperties server properties for the controller, applied after the kit's defaults
 * @param extraListeners broker listener name to its security protocol, beside PLAINTEXT
 * @param featureLevels feature name to the finalized level written at format time
 * @param scramCredentials SCRAM credentials written at format time, in the storage tool's
 *     {@code MECHANISM=[name=...,password=...]} form
 * @param startupTimeout how long starting the cluster, or one broker, may take
 * @param shutdownTimeout how long stopping one node may take
 */
record ClusterSpec(
        int brokerCount,
        Map<String, String> brokerProperties,
        List<String> brokerRacks,
        Map<String, String> controllerProperties,
        Map<String, String> extraListeners,
        Map<String, Short> featureLevels,
        List<String> scramCredentials,
        Duration startupTimeout,
        Duration shutdownTimeout) {

    ClusterSpec {
        brokerProperties = frozen(brokerProperties);
        brokerRacks = List.copyOf(brokerRacks);
        controllerProperties = frozen(controllerProperties);
        extraListeners = frozen(extraListeners);
        featureLevels = frozen(featureLevels);
        scramCredentials = List.copyOf(scramCredentials);
    }

    boolean combined() {
        return brokerCount == 1;
    }

    /** The longest a start of one node can take, a late start's grace and clean-up included. */
    Duration worstCaseStart() {
        return startupTimeout.plus(shutdownTimeout).plus(shutdownTimeout);
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
