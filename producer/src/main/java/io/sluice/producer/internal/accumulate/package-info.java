/**
 * The record accumulator: per topic-partition queues of batches between {@code send()} and the sender.
 *
 * <pre>
 * send() ──append──▶ PartitionQueue [oldest … open batch] ──drain (sender)──▶ sealed ProducerBatch ──▶ wire
 *    │                     ▲  reenqueue (retry, at the front)                     │
 *    └─hold (topic unknown)─┘  onMetadataUpdate                      complete → callback thread → deallocate
 * </pre>
 *
 * <p>A record enters as one {@code OutgoingRecord} (sized once, and its own future) and travels whole.
 *
 * <p>Memory: every batch buffer and every record held for metadata is counted by the {@code BufferPool}
 * ({@code buffer.memory}). Locks: one per partition queue, owned by it; the pending-records lock is taken before a partition
 * lock, the pool's lock after. No lock is held while allocating a buffer, reading the clock, sealing or running
 * callbacks.
 */
package io.sluice.producer.internal.accumulate;
