/**
 * Record batch v2 (magic 2): writing batches in place into pooled buffers, sealing them (header, CRC-32C,
 * compression), re-stamping them for retries, and reading them back.
 *
 * <ul>
 *   <li>{@link io.sluice.protocol.record.RecordBatchBuilder} appends records into a caller's heap buffer,
 *       knowing every size before writing, and seals the batch.
 *   <li>{@link io.sluice.protocol.record.RecordBatches} draws the layout and re-stamps sealed batches.
 *   <li>{@link io.sluice.protocol.record.RecordBatchReader} checks and decodes batches into
 *       {@link io.sluice.protocol.record.DecodedBatch} and {@link io.sluice.protocol.record.DecodedRecord}.
 *   <li>{@link io.sluice.protocol.record.Compression} is a codec and its level. Gzip and CRC-32C come from
 *       the JDK; snappy, lz4 and zstd are optional libraries, touched only by their own codec classes, so a
 *       missing jar fails only {@link io.sluice.protocol.record.Compression#checkAvailable()} or the use of
 *       that codec, with the Maven artifact named.
 * </ul>
 */
package io.sluice.protocol.record;
