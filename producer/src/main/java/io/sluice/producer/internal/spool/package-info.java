/**
 * The durable spool's storage (issue 20): an append-only, segmented, checksummed journal in {@code sluice.spool.dir}
 * of every record {@code send()} accepted and of what became of it, so that a producer that crashed, or waited out
 * a cluster outage, delivers its records later instead of losing them. This package is storage only; the calls the
 * producer makes are listed at the end.
 *
 * <h2>Directory</h2>
 *
 * <pre>
 * sluice.spool.dir/
 *   spool.lock                   FileChannel.tryLock while a producer has the spool open: one directory, one producer
 *   00000000000000000000.spool   a segment, named by its first record's global sequence number G (20 digits)
 *   00000000000000004711.spool   segment i holds exactly the records G in [name(i), name(i+1)); the last is written
 * </pre>
 *
 * <h2>Entries</h2>
 *
 * <pre>
 * entry (integers big-endian)
 *  0  length   int32   bytes of type + body, at least 1
 *  4  crc      uint32  CRC-32C (java.util.zip.CRC32C) of type + body
 *  8  type     int8    1 RECORD  2 PLACED  3 STAMPED  4 ACKED  5 FAILED  6 SEQUENCES
 *  9  body     length - 1 bytes:
 *
 * RECORD     int64 G | int32 partition (-1: not known yet) | int64 timestamp | string topic | bytes? key
 *            | bytes? value | uvarint header count | per header: string key, bytes? value
 * PLACED     int64 G | int32 partition                            the partition of a record journaled with -1
 * STAMPED    int64 producerId | int16 epoch | int32 partition | int32 baseSequence | string topic | sequences
 * ACKED      sequences                                            the records of an acknowledged batch
 * FAILED     sequences                                            records that failed for good
 * SEQUENCES  int64 producerId | int16 epoch | uvarint count | per partition: string topic, int32 partition,
 *            int64 producerId, int16 epoch, int32 nextSequence    opens every rolled segment once a stamp exists
 *
 * string     uvarint length | UTF-8
 * bytes?     uvarint (length + 1), 0 for null | bytes
 * sequences  uvarint count | per G: zigzag varlong (G - previous G), the previous of the first being 0
 *            (consecutive records of a batch cost one byte each)
 * </pre>
 *
 * <p>Invariants: G is assigned under the writer's lock in file order, so G rises through the journal. A segment
 * rolls only in front of a record, so every segment but the last holds a record and names are unique. A marker
 * (PLACED, STAMPED, ACKED, FAILED) is written after the records it names, so it lives in their segment or a later
 * one. The SEQUENCES entry at the start of a rolled segment repeats the latest identity and per-partition next
 * sequence, so deleting older segments never loses them.
 *
 * <h2>Writing</h2>
 *
 * <p>{@code JournalWriter}: entries are encoded in one pass, under one
 * {@code ReentrantLock}, straight into a reused buffer (no per-record allocation); a group commit writes the
 * buffer with the lock released, the thread that finds no write running leading it for everyone who appended
 * meanwhile. {@link io.sluice.producer.internal.spool.Spool#appendRecord} returns once a {@code write} holding its
 * entry has returned: the bytes are in the page cache and survive {@code kill -9}. {@code sluice.spool.fsync}
 * decides what survives a machine crash: {@code none} never forces; {@code interval} (default, every
 * {@code sluice.spool.fsync.interval.ms}, 1000) bounds the loss to about that long at the cost of one
 * {@code fsync} per second off the sending path; {@code always} forces before the append returns, one force per
 * group commit. Rolled segments are forced before they are closed and the directory after a segment is created
 * (not with {@code none}). Markers do not wait: a daemon thread ({@code sluice-spool-flusher | dir}) writes them
 * within moments, runs the interval force and deletes done segments.
 *
 * <p>Writes go through {@code RandomAccessFile}: an interrupted thread in a {@code FileChannel} write would close the
 * channel for every sender. Lock order: the writer's lock, then the segment books' lock. No lock is held during a
 * write, force or delete.
 *
 * <h2>Space</h2>
 *
 * <p>{@code sluice.spool.max.bytes} bounds the segment files' total size: a record beyond it fails at once with
 * {@link io.sluice.producer.internal.spool.SpoolFullException}, whose message names the oldest segment and how
 * many of its records are outstanding. Markers are always taken, so acknowledgements free a full spool; the
 * directory may pass the bound by the markers of the records it holds. A segment is deleted when it and every older
 * one hold only acknowledged or failed records, and not before the marker that completed it is written, so what a
 * {@code kill -9} leaves is always a prefix of what was appended. Deletion goes by prefix: one record never
 * acknowledged keeps its segment and every later one.
 *
 * <h2>Recovery</h2>
 *
 * <p>{@link io.sluice.producer.internal.spool.Spool#open} scans every segment oldest first. In the last one the first
 * frame whose length does not fit or whose CRC-32C is wrong is where a crash cut the journal: it and everything after
 * it are dropped and the file truncated there (logged). In any other segment it is corruption, and the open fails
 * naming the file and offset. A record is outstanding until an ACKED or FAILED entry names it; its partition is the
 * last PLACED one, else its own; the last STAMPED entry naming it makes it part of that batch. Outstanding records
 * count against the bound and free their segments when acknowledged, like new ones.
 *
 * <h2>The calls the producer makes</h2>
 *
 * <pre>
 * construction   Spool.open(SpoolSettings.from(config).get())     before the sender starts; refuses a locked dir
 *                recovered(): per partition the stamped batches (resend with their producer id, epoch and base
 *                sequence, before anything new of that partition), then the unstamped records (queue them first),
 *                then the never placed records (partition anew); identity() and sequences() for the idempotence
 *                layer; releaseRecovered() once they are queued
 * send()         G = appendRecord(topic, partition or -1, timestamp, key, value, headers)   after serializing, before
 *                the record enters the accumulator; returns when written; keep G with the record in its batch
 *                (a long[] per batch); SpoolFullException fails this send
 * partitioned    placed(G, partition) when a record appended with -1 gets its partition (no wait)
 * drain          p = stamped(pid, epoch, topic-partition, baseSequence, Gs, n) for each batch stamped or restamped
 *                (a split half too); then sync(p) once, before the request is written
 * acknowledged   acked(Gs, n) for a batch the broker stored (success or DUPLICATE_SEQUENCE_NUMBER)
 * failed         failed(Gs, n) for records that fail for good and must not come back
 * close()        Spool.close() after the sender stopped: writes the markers, forces (not with none), unlocks
 * </pre>
 *
 * <p>A lost ACKED marker (a {@code kill -9} within moments of the acknowledgement) makes the batch come back as
 * stamped. The broker deduplicates a resend only while the batch is among the last five it keeps for that producer
 * and partition; past that it answers OUT_OF_ORDER_SEQUENCE_NUMBER, so that answer to a recovered batch means it may
 * be stored already, and resending it under a new identity may store it twice.
 */
package io.sluice.producer.internal.spool;
