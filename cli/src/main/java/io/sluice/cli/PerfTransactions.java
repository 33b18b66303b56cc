package io.sluice.cli;

import java.util.Map;
import java.util.UUID;

/**
 * Whether {@code sluice perf} wraps its records in transactions, and how long each one stays open, decided as
 * Kafka's perf tool decides it: transactions are on when {@code --transaction-duration-ms} is given or a
 * transactional id is set by {@code --transactional-id}, {@code --producer-props} or {@code --producer.config};
 * {@code --transactional-id} wins over the producer settings; without any id a random one is made up; without a
 * duration each transaction lasts 3000 ms.
 *
 * @param transactionalId the {@code transactional.id} the producer runs with
 * @param durationMs how long a transaction stays open before it is committed and the next one begins
 */
record PerfTransactions(String transactionalId, long durationMs) {
    static final long DEFAULT_DURATION_MS = 3_000;
    static final String TRANSACTIONAL_ID = "transactional.id";

    /**
     * Returns the transaction settings of a run, or null when it runs without transactions. Puts the chosen
     * {@code transactional.id} into {@code settings}.
     */
    static PerfTransactions resolve(Flags flags, Map<String, Object> settings) {
        String fromFlag = flags.get("transactional-id", null);
        Object fromSettings = settings.get(TRANSACTIONAL_ID);
        boolean durationGiven = flags.has("transaction-duration-ms");
        if (fromFlag == null && fromSettings == null && !durationGiven) {
            return null;
        }
        long durationMs = flags.getLong("transaction-duration-ms", DEFAULT_DURATION_MS);
        if (durationMs < 1) {
            throw new UsageException("--transaction-duration-ms must be greater than 0, got " + durationMs);
        }
        String id = fromFlag != null
                ? fromFlag
                : fromSettings != null ? fromSettings.toString() : "performance-producer-" + UUID.randomUUID();
        if (id.isBlank()) {
            throw new UsageException("--transactional-id must not be empty");
        }
        settings.put(TRANSACTIONAL_ID, id);
        return new PerfTransactions(id, durationMs);
    }
}
