package io.sluice.producer;

import static io.sluice.producer.ProducerConfig.*;

import io.sluice.producer.errors.ConfigException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules between settings that Kafka's producer applies after each value is valid on its own. */
final class ProducerConfigRules {
    private static final System.Logger LOG = System.getLogger(ProducerConfig.class.getName());

    /**
     * The SASL mechanisms the security layer implements, checked here so a bad name fails when the settings are
     * read; {@code ProducerConfigRulesTest} keeps it equal to the security layer's own list.
     */
    static final Set<String> SASL_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

    private ProducerConfigRules() {}

    /** Applies the idempotence rules; normalizes {@code acks=all} to {@code -1}; returns whether it is on. */
    static boolean applyIdempotence(Map<String, Object> parsed, Map<String, Object> given) {
        String acks = "all".equals(parsed.get(ACKS_CONFIG)) ? "-1" : (String) parsed.get(ACKS_CONFIG);
        parsed.put(ACKS_CONFIG, acks);
        boolean explicit = given.containsKey(ENABLE_IDEMPOTENCE_CONFIG);
        boolean enabled = (Boolean) parsed.get(ENABLE_IDEMPOTENCE_CONFIG);
        boolean transactional = parsed.get(TRANSACTIONAL_ID_CONFIG) != null;
        if (enabled) {
            String conflict = idempotenceConflict(parsed, acks);
            if (conflict != null) {
                if (explicit || transactional) {
                    throw new ConfigException(conflict
                            + (transactional && !explicit
                                    ? " A transactional.id requires the idempotent producer."
                                    : ""));
                }
                LOG.log(Level.INFO, "Idempotence is turned off because {0}", conflict);
                enabled = false;
            }
        }
        if (transactional && !enabled) {
            throw new ConfigException(
                    "Cannot set a transactional.id without also enabling idempotence (enable.idempotence=true).");
        }
        parsed.put(ENABLE_IDEMPOTENCE_CONFIG, enabled);
        return enabled;
    }

    private static String idempotenceConflict(Map<String, Object> parsed, String acks) {
        int inFlight = (Integer) parsed.get(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight > 5) {
            return "Must set max.in.flight.requests.per.connection to at most 5 when using the idempotent producer,"
                    + " but it is " + inFlight + ".";
        }
        if ((Integer) parsed.get(RETRIES_CONFIG) == 0) {
            return "Must set retries to non-zero when using the idempotent producer.";
        }
        if (!"-1".equals(acks)) {
            return "Must set acks to all in order to use the idempotent producer, but it is " + acks
                    + ". Otherwise we cannot guarantee idempotence.";
        }
        return null;
    }

    /** {@code delivery.timeout.ms >= linger.ms + request.timeout.ms}. */
    static void applyDeliveryTimeout(Map<String, Object> parsed, Map<String, Object> given) {
        long linger = (Long) parsed.get(LINGER_MS_CONFIG);
        int request = (Integer) parsed.get(REQUEST_TIMEOUT_MS_CONFIG);
        int delivery = (Integer) parsed.get(DELIVERY_TIMEOUT_MS_CONFIG);
        long needed = linger + request;
        if (delivery >= needed) {
            return;
        }
        if (given.containsKey(DELIVERY_TIMEOUT_MS_CONFIG)) {
            throw new ConfigException(
                    DELIVERY_TIMEOUT_MS_CONFIG,
                    delivery,
                    "delivery.timeout.ms should be equal to or" + " larger than linger.ms + request.timeout.ms ("
                            + linger + " + " + request + " = " + needed + ")");
        }
        int raised = (int) Math.min(Integer.MAX_VALUE, needed);
        LOG.log(Level.WARNING, "delivery.timeout.ms raised to {0}, linger.ms + request.timeout.ms", raised);
        parsed.put(DELIVERY_TIMEOUT_MS_CONFIG, raised);
    }

    /** A maximum below the base turns the exponential growth off: the maximum becomes the base. */
    static void applyRetryBackoff(Map<String, Object> parsed) {
        long base = (Long) parsed.get(RETRY_BACKOFF_MS_CONFIG);
        long max = (Long) parsed.get(RETRY_BACKOFF_MAX_MS_CONFIG);
        if (max < base) {
            LOG.log(
                    Level.WARNING,
                    "retry.backoff.max.ms ({0}) is below retry.backoff.ms ({1}); retries wait {1} ms",
                    max,
                    base);
            parsed.put(RETRY_BACKOFF_MAX_MS_CONFIG, base);
        }
        long reconnectBase = (Long) parsed.get(RECONNECT_BACKOFF_MS_CONFIG);
        if ((Long) parsed.get(RECONNECT_BACKOFF_MAX_MS_CONFIG) < reconnectBase) {
            parsed.put(RECONNECT_BACKOFF_MAX_MS_CONFIG, reconnectBase);
        }
    }

    /** A SASL protocol needs a mechanism; the mechanism name may not be blank. */
    static void applySasl(Map<String, Object> parsed) {
        String protocol = (String) parsed.get(SECURITY_PROTOCOL_CONFIG);
        parsed.put(SECURITY_PROTOCOL_CONFIG, protocol.toUpperCase(java.util.Locale.ROOT));
        String mechanism = (String) parsed.get("sasl.mechanism");
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL")
                && (mechanism == null || mechanism.isBlank())) {
            throw new ConfigException(
                    "sasl.mechanism",
                    mechanism,
                    "SASL mechanism must not be empty when " + SECURITY_PROTOCOL_CONFIG + " is " + protocol);
        }
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL") && !SASL_MECHANISMS.contains(mechanism)) {
            throw new ConfigException(
                    "sasl.mechanism", mechanism, "Sluice supports " + new java.util.TreeSet<>(SASL_MECHANISMS));
        }
    }

    /** Checks {@code bootstrap.servers}: a non-empty list of {@code host:port} with a valid port. */
    static final class BootstrapServers {
        private BootstrapServers() {}

        static void validate(Map<String, Object> parsed) {
            List<?> servers = (List<?>) parsed.get(BOOTSTRAP_SERVERS_CONFIG);
            if (servers == null || servers.isEmpty()) {
                throw new ConfigException(BOOTSTRAP_SERVERS_CONFIG, servers, "at least one host:port is required");
            }
            for (Object s : servers) {
                String server = String.valueOf(s);
                int colon = server.lastIndexOf(':');
                if (colon <= 0 || colon == server.length() - 1) {
                    throw new ConfigException(
                            BOOTSTRAP_SERVERS_CONFIG,
                            servers,
                            "Invalid url in bootstrap.servers: " + server + " (expected host:port)");
                }
                int port;
                try {
                    port = Integer.parseInt(server.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    throw new ConfigException(
                            BOOTSTRAP_SERVERS_CONFIG,
                            servers,
                            "Invalid port in bootstrap.servers: " + server + " (expected 0 to 65535)");
                }
            }
        }
    }

    /**
     * KIP-939 (transactions that take part in an external two-phase commit) is not implemented: asking for it must
     * fail loudly rather than silently commit or abort in ways the caller did not plan for.
     */
    static void rejectTwoPhaseCommit(Map<String, Object> parsed) {
        if (Boolean.TRUE.equals(parsed.get(TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG))) {
            throw new ConfigException(
                    TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG,
                    true,
                    "two-phase commit (KIP-939) is not supported by this producer; leave it false");
        }
    }
}
