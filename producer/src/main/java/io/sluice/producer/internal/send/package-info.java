/**
 * The sender: the I/O thread's loop that drains the accumulator into Produce requests and settles each batch.
 *
 * <p>{@link io.sluice.producer.internal.send.SenderLoop} owns the thread and implements the front half's
 * {@link io.sluice.producer.internal.send.ProducerIo}; {@link io.sluice.producer.internal.send.Sender#runOnce(long)} is one step over an injected
 * time and a {@code Network}; {@link io.sluice.producer.internal.send.ProduceOutcome} decides per batch: complete,
 * retry, split or fail, and has the sender carry it out through {@link
 * io.sluice.producer.internal.send.BatchSettlement}. Idempotence and transactions plug in as no-op objects when
 * they are off ({@code Idempotence.NONE}, {@code Transactions.NONE}).
 */
package io.sluice.producer.internal.send;
