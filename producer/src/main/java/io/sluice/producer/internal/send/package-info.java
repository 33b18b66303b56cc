/**
 * The sender: the I/O thread's loop that drains the accumulator into Produce requests and settles each batch.
 *
 * <p>{@link io.sluice.producer.internal.send.SenderLoop} owns the thread and implements the front half's
 * {@code ProducerIo}; {@link io.sluice.producer.internal.send.Sender#runOnce(long)} is one step over an injected
 * time and a {@code Network}; {@link io.sluice.producer.internal.send.ProduceOutcome} decides per batch: complete,
 * retry, split or fail; {@link io.sluice.producer.internal.send.ProducerIdManager} holds the idempotent producer's
 * id and epoch, stamps sequences kept per partition by {@link io.sluice.producer.internal.send.PartitionSequences},
 * and repairs a partition whose sequence broke: renumbered in place, or started over under a new producer identity.
 */
package io.sluice.producer.internal.send;
