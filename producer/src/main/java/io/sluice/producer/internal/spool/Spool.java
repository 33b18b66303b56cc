package io.sluice.producer.internal.spool;

import io.sluice.producer.TopicPartition;
import io.sluice.protocol.record.Header;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The durable spool of one producer: an append-only, segmented, checksummed journal of the records it accepted and
 * what became of them. See the package documentation for the layout and the calls the producer makes.
 *
 * <p>Thread-safe: {@link #appendRecord} is called by every sending thread, the markers by the I/O thread.
 */
public final class Spool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.spool");

    private final SpoolSettings settings;
    private final DirectoryLock directoryLock;
    private final SegmentBooks books;
    private final AtomicLong liveBytes;
    private final JournalWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Recovered recovered;

    private Spool(SpoolSettings settings, ForceHook forceHook, DirectoryLock directoryLock) throws IOException {
        this.settings = settings;
        this.directoryLock = directoryLock;
        this.books = new SegmentBooks();
        this.liveBytes = new AtomicLong();
        SequenceBook sequences = new SequenceBook();
        JournalWriter.Tail tail = recover(sequences);
        this.writer =
                new JournalWriter(settings, forceHook, books, sequences, liveBytes, tail, this::deleteDoneSegments);
    }

    /**
     * Opens (creating it if needed) and locks the spool directory, recovers what a previous producer left in it
     * ({@link #recovered()}), and gets ready to append.
     *
     * @throws SpoolException when another producer holds the directory, or a segment other than the last is
     *     corrupt (the message names the file and offset)
     */
    public static Spool open(SpoolSettings settings) {
        return open(settings, ForceHook.SYSTEM);
    }

    static Spool open(SpoolSettings settings, ForceHook forceHook) {
        Path dir = settings.directory();
        DirectoryLock lock;
        try {
            Files.createDirectories(dir);
            lock = DirectoryLock.acquire(dir);
        } catch (IOException e) {
            throw new SpoolException("cannot open spool directory " + dir + ": " + e, e);
        }
        try {
            return new Spool(settings, forceHook, lock);
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof SpoolException se) {
                throw se;
            }
            throw new SpoolException("cannot recover spool directory " + dir + ": " + e, e);
        }
    }

    /** What the previous producer on this directory left to deliver; {@link Recovered#NOTHING} for a new spool. */
    public Recovered recovered() {
        return recovered;
    }

    /** Drops the reference to the recovered records once the producer has taken them over. */
    public void releaseRecovered() {
        recovered = Recovered.NOTHING;
    }

    /**
     * Journals a serialized record and returns once its bytes reached the operating system (so it survives
     * {@code kill -9}), or the device with {@code sluice.spool.fsync=always}. Concurrent calls share writes.
     *
     * @param partition its partition, or -1 when not known yet (then call {@link #placed} when it is)
     * @return the record's global sequence number G, by which the other calls name it
     * @throws SpoolFullException when it would take the spool past {@code sluice.spool.max.bytes}
     * @throws SpoolException when the spool is closed or a write failed
     */
    public long appendRecord(String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers) {
        Objects.requireNonNull(topic, "topic");
        int size = Entries.entrySize(Entries.recordBodySize(topic, key, value, headers));
        int at = writer.reserve(size, true);
        long sequence;
        try {
            byte[] buf = writer.buffer();
            sequence = writer.takeSequence();
            Entries.putFrame(buf, at, EntryType.RECORD, size - Entries.FRAME - 1);
            Entries.putRecord(buf, at + Entries.FRAME + 1, sequence, topic, partition, timestamp, key, value, headers);
        } catch (RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        writer.awaitWritten(writer.commit(size, true));
        return sequence;
    }

    /**
     * Journals the partition chosen for a record appended with partition -1. Does not wait: if it is lost in a crash,
     * the record is partitioned again on recovery (unless a STAMPED entry names it, which carries the partition).
     */
    public void placed(long sequence, int partition) {
        int size = Entries.entrySize(Entries.placedBodySize());
        int at = writer.reserve(size, false);
        try {
            byte[] buf = writer.buffer();
            Entries.putFrame(buf, at, EntryType.PLACED, size - Entries.FRAME - 1);
            Entries.putPlaced(buf, at + Entries.FRAME + 1, sequence, partition);
        } catch (RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        writer.commit(size, false);
        writer.wakeFlusher();
    }

    /**
     * Journals a batch's identity and sequence range; call it whenever a batch is stamped or restamped (split halves
     * included), then {@link #sync} with the returned position before the batch goes on the wire.
     *
     * @param sequences the global sequence numbers of the batch's records, in batch order; the first {@code count}
     *     are used
     * @return the journal position after the entry
     */
    public long stamped(
            long producerId, short epoch, TopicPartition partition, int baseSequence, long[] sequences, int count) {
        int size = Entries.entrySize(Entries.stampedBodySize(partition.topic(), sequences, count));
        int at = writer.reserve(size, false);
        try {
            byte[] buf = writer.buffer();
            Entries.putFrame(buf, at, EntryType.STAMPED, size - Entries.FRAME - 1);
            Entries.putStamped(
                    buf,
                    at + Entries.FRAME + 1,
                    producerId,
                    epoch,
                    partition.topic(),
                    partition.partition(),
                    baseSequence,
                    sequences,
                    count);
            writer.sequences().stamped(partition, producerId, epoch, baseSequence, count);
        } catch (RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        return writer.commit(size, false);
    }

    /** Returns once the journal up to {@code position} is written (forced, with {@code fsync=always}). */
    public void sync(long position) {
        writer.awaitWritten(position);
    }

    /**
     * Journals that the broker acknowledged these records (one batch). Does not wait; the segments that hold only
     * acknowledged or failed records, and every older one, are deleted in the background.
     */
    public void acked(long[] sequences, int count) {
        mark(EntryType.ACKED, sequences, count);
    }

    /** Journals that these records failed for good and leave the spool, as {@link #acked} does. */
    public void failed(long[] sequences, int count) {
        mark(EntryType.FAILED, sequences, count);
    }

    private void mark(byte type, long[] sequences, int count) {
        int size = Entries.entrySize(Entries.sequencesSize(sequences, count));
        int at = writer.reserve(size, false);
        try {
            byte[] buf = writer.buffer();
            Entries.putFrame(buf, at, type, size - Entries.FRAME - 1);
            Entries.putSequences(buf, at + Entries.FRAME + 1, sequences, count);
        } catch (RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        long position = writer.commit(size, false);
        if (books.markDone(sequences, count)) {
            writer.requestHousekeeping(position);
        } else {
            writer.wakeFlusher();
        }
    }

    /** Bytes of the spool's segment files (as appended; the last ones may still be on their way to the OS). */
    public long bytes() {
        return liveBytes.get();
    }

    /** The spool directory. */
    public Path directory() {
        return settings.directory();
    }

    /** The segment files kept, oldest first. */
    List<Path> segmentFiles() {
        return books.files();
    }

    /** Writes what is buffered, forces it unless {@code fsync=none}, and releases the directory; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            try {
                writer.close();
            } finally {
                directoryLock.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing spool " + settings.directory(), e);
        }
    }

    /** Stops as a {@code kill -9} would (buffered markers lost, nothing forced) and releases the directory. */
    void crash() throws IOException {
        closed.set(true);
        try {
            writer.halt();
        } finally {
            directoryLock.close();
        }
    }

    private void deleteDoneSegments() {
        for (SegmentBooks.Segment s : books.takeDonePrefix(writer.writerBase())) {
            try {
                Files.deleteIfExists(s.file);
                liveBytes.addAndGet(-s.bytes);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "spool: cannot delete acknowledged segment " + s.file, e);
            }
        }
    }

    /** Scans the segments, fills the books, and returns where the journal continues. */
    private JournalWriter.Tail recover(SequenceBook sequences) throws IOException {
        Path dir = settings.directory();
        List<Long> bases = segmentBases(dir);
        if (bases.isEmpty()) {
            Path first = dir.resolve(JournalWriter.segmentName(0));
            Files.deleteIfExists(first);
            Files.createFile(first);
            books.roll(0, first, 0);
            recovered = Recovered.NOTHING;
            return new JournalWriter.Tail(0, first, 0, false, 0);
        }
        RecoveryBuilder builder = new RecoveryBuilder(sequences);
        SegmentScanner scanner = new SegmentScanner();
        long[] sizes = new long[bases.size()];
        long[] recordEnds = new long[bases.size()];
        boolean lastHasRecord = false;
        for (int i = 0; i < bases.size(); i++) {
            boolean last = i == bases.size() - 1;
            Path file = dir.resolve(JournalWriter.segmentName(bases.get(i)));
            builder.startSegment(bases.get(i));
            sizes[i] = scanner.scan(file, last, builder);
            recordEnds[i] = builder.nextSequence();
            lastHasRecord = builder.segmentHasRecord();
            if (!last && recordEnds[i] > bases.get(i + 1)) {
                throw new SpoolException("spool segment " + file + " holds records up to " + (recordEnds[i] - 1)
                        + ", past the next segment's first " + bases.get(i + 1));
            }
        }
        for (int i = 0; i < bases.size(); i++) {
            boolean last = i == bases.size() - 1;
            long end = last ? -1 : bases.get(i + 1);
            long recordsEnd = last ? recordEnds[i] : bases.get(i + 1);
            Path file = dir.resolve(JournalWriter.segmentName(bases.get(i)));
            books.addRecovered(bases.get(i), end, recordsEnd, file, sizes[i], builder::isOutstanding);
            liveBytes.addAndGet(sizes[i]);
        }
        recovered = builder.result();
        int lastIndex = bases.size() - 1;
        Path lastFile = dir.resolve(JournalWriter.segmentName(bases.get(lastIndex)));
        LOG.log(
                System.Logger.Level.INFO,
                "spool " + dir + ": recovered " + recovered.recordCount() + " records to deliver from " + bases.size()
                        + " segments");
        return new JournalWriter.Tail(
                bases.get(lastIndex), lastFile, sizes[lastIndex], lastHasRecord, builder.nextSequence());
    }

    private static List<Long> segmentBases(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (SEGMENT.matcher(name).matches()) {
                    bases.add(Long.parseLong(name.substring(0, 20)));
                }
            }
        }
        bases.sort(null);
        return bases;
    }
}
