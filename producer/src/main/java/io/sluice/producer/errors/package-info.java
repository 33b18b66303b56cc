/**
 * The exceptions the producer reports, one type per failure a caller handles differently.
 *
 * <p>Every failure tied to a record extends {@link io.sluice.producer.errors.SluiceApiException}, whose message
 * names the topic, the partition where known, and the Kafka error name (e.g. {@code NOT_ENOUGH_REPLICAS}).
 * Failures worth retrying by the application extend {@link io.sluice.producer.errors.RetriableException}.
 */
package io.sluice.producer.errors;
