/**
 * The idempotent producer's identity: {@link io.sluice.producer.internal.idempotence.ProducerIdManager} gets and
 * bumps the producer id and epoch and stamps each batch's sequence, kept per partition by
 * {@link io.sluice.producer.internal.idempotence.PartitionSequences}; {@link
 * io.sluice.producer.internal.idempotence.FatalErrors} decides which answers end the producer. The sender drives
 * it through {@link io.sluice.producer.internal.idempotence.Idempotence}, whose {@code NONE} stands in without
 * idempotence. It sits below the transaction layer, which drives it, and the sender, which reports what the broker
 * said; it never imports either.
 */
package io.sluice.producer.internal.idempotence;
