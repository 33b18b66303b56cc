package io.sluice.producer.internal.send;

/**
 * The settings the sender acts on, with Kafka's names.
 *
 * @param acks {@code acks}: 0, 1 or -1 (all)
 * @param retries {@code retries}
 * @param deliveryTimeoutMs {@code delivery.timeout.ms}, counted from {@code send()}
 * @param requestTimeoutMs {@code request.timeout.ms}, also the broker-side wait for acks
 * @param maxRequestSize {@code max.request.size}
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}
 * @param idempotent {@code enable.idempotence}
 * @param transactionalId {@code transactional.id}, or null
 * @param guaranteeOrder {@code max.in.flight.requests.per.connection=1}: at most one batch per partition in
 *     flight, so a retry can never be overtaken
 */
public record SenderConfig(
        short acks,
        int retries,
        long deliveryTimeoutMs,
        int requestTimeoutMs,
        int maxRequestSize,
        long retryBackoffMs,
        long retryBackoffMaxMs,
        boolean idempotent,
        String transactionalId,
        boolean guaranteeOrder) {}
