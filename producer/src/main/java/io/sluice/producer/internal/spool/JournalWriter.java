package io.sluice.producer.internal.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The journal's write side: entries are encoded under one lock into a shared buffer, and written to the active
 * segment by a group commit, with no lock held during the write system call.
 *
 * <p>Group commit (leader/follower): an append that must be written before it returns waits until the written
 * position passes its entry's end. If no write is running it becomes the leader: it takes the whole buffer (swapping
 * in the spare one, so others keep appending), releases the lock, writes it (and forces it under
 * {@link FsyncPolicy#ALWAYS}), then publishes the new written position and wakes the waiters. Everyone who appended
 * while a write ran shares the next one. Entries nobody waits for (markers) are written by the next leader or by
 * the housekeeping thread, which wakes for them.
 *
 * <p>Segments roll only in front of a record, so every segment but the last holds at least one record and its name
 * (the first record's sequence) is unique. The roll is decided under the lock, where the buffer offset and the
 * SEQUENCES snapshot for the new segment are captured; the leader creates the file when its write reaches that
 * offset.
 *
 * <p>Writes go through {@link RandomAccessFile}, not a {@code FileChannel}: a {@code FileChannel} is closed for
 * everyone when the thread in one of its writes is interrupted, and the leader is whichever thread called
 * {@code send()}.
 */
final class JournalWriter {
    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
    private static final int INITIAL_BUFFER = 256 * 1024;

    /** A segment to start at a buffer offset. */
    private record Roll(int offset, long base, byte[] snapshot) {}

    private final Path directory;
    private final FsyncPolicy policy;
    private final long intervalNanos;
    private final long segmentBytes;
    private final long maxBytes;
    private final ForceHook forceHook;
    private final SegmentBooks books;
    private final SequenceBook sequences;
    private final AtomicLong liveBytes;
    private final Runnable housekeeping;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private final Condition wake = lock.newCondition();
    private final CRC32C crc = new CRC32C();
    private final Thread flusher;

    // Guarded by lock.
    private byte[] filling = new byte[INITIAL_BUFFER];
    private int fillingSize;
    private byte[] spare = new byte[INITIAL_BUFFER];
    private List<Roll> rolls = new ArrayList<>();
    private List<Roll> spareRolls = new ArrayList<>();
    private long appended;
    private long written;
    private long forced;
    private boolean writing;
    private boolean closing;
    private boolean closed;
    private boolean housekeepingWanted;
    private long housekeepingAfter;
    private IOException failure;
    private long nextSequence;
    private long activeBytes;
    private boolean activeHasRecord;
    private int reservedAt = -1;
    private long sequenceAtReserve;

    // Written by the leader only; read by the flusher for interval forces and by deletion.
    private volatile RandomAccessFile file;
    private volatile Path filePath;
    private volatile long writerBase;

    /** Where the journal continues: the last segment, its size and whether it holds a record. */
    record Tail(long base, Path path, long bytes, boolean hasRecord, long nextSequence) {}

    JournalWriter(
            SpoolSettings settings,
            ForceHook forceHook,
            SegmentBooks books,
            SequenceBook sequences,
            AtomicLong liveBytes,
            Tail tail,
            Runnable housekeeping)
            throws IOException {
        this.directory = settings.directory();
        this.policy = settings.fsync();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.fsyncIntervalMs());
        this.segmentBytes = settings.segmentBytes();
        this.maxBytes = settings.maxBytes();
        this.forceHook = forceHook;
        this.books = books;
        this.sequences = sequences;
        this.liveBytes = liveBytes;
        this.housekeeping = housekeeping;
        this.nextSequence = tail.nextSequence();
        this.activeBytes = tail.bytes();
        this.activeHasRecord = tail.hasRecord();
        RandomAccessFile raf = new RandomAccessFile(tail.path().toFile(), "rw");
        raf.seek(tail.bytes());
        this.file = raf;
        this.filePath = tail.path();
        this.writerBase = tail.base();
        this.flusher = new Thread(this::runFlusher, "sluice-spool-flusher | " + directory);
        flusher.setDaemon(true);
        flusher.start();
    }

    /** The file name of the segment whose first record has sequence {@code base}. */
    static String segmentName(long base) {
        return String.format("%020d.spool", base);
    }

    /**
     * Takes the lock and reserves {@code entrySize} bytes for one entry, rolling the segment first for a record
     * that does not fit; returns the entry's offset in {@link #buffer()}. The caller writes the entry there and
     * calls {@link #commit} (or {@link #abandon}), which release the lock.
     *
     * @throws SpoolFullException for a record beyond {@code sluice.spool.max.bytes}; markers are always taken, so
     *     acknowledgements can free space in a full spool
     */
    int reserve(int entrySize, boolean record) {
        lock.lock();
        try {
            while (true) {
                if (closing) {
                    throw new SpoolException("spool " + directory + " is closed");
                }
                if (failure != null) {
                    throw broken();
                }
                if (record && liveBytes.get() + entrySize > maxBytes) {
                    throw full(entrySize);
                }
                if (filling.length - fillingSize >= entrySize) {
                    break;
                }
                if (fillingSize == 0) {
                    grow(entrySize);
                } else if (!writing) {
                    lead();
                } else {
                    progress.awaitUninterruptibly();
                }
            }
            if (record && activeHasRecord && activeBytes + entrySize > segmentBytes) {
                roll();
            }
            reservedAt = fillingSize;
            sequenceAtReserve = nextSequence;
            return reservedAt;
        } catch (RuntimeException | Error e) {
            lock.unlock();
            throw e;
        }
    }

    /** The buffer {@link #reserve} reserved in; only while the lock is held. */
    byte[] buffer() {
        return filling;
    }

    /** Takes the next global sequence number for a record being reserved; only while the lock is held. */
    long takeSequence() {
        return nextSequence++;
    }

    /** The STAMPED entries' book, updated by the caller while it holds the lock. */
    SequenceBook sequences() {
        return sequences;
    }

    /**
     * Seals the reserved entry (CRC), makes it part of the journal and releases the lock.
     *
     * @return the journal position after the entry, for {@link #awaitWritten}
     */
    long commit(int entrySize, boolean record) {
        try {
            Entries.seal(crc, filling, reservedAt, entrySize);
            fillingSize += entrySize;
            appended += entrySize;
            activeBytes += entrySize;
            liveBytes.addAndGet(entrySize);
            activeHasRecord |= record;
            reservedAt = -1;
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the reservation up (the caller failed to encode) and releases the lock. */
    void abandon() {
        nextSequence = sequenceAtReserve;
        reservedAt = -1;
        lock.unlock();
    }

    /**
     * Returns once the journal up to {@code position} reached the operating system ({@code write} returned; it
     * then survives {@code kill -9}), or, with {@link FsyncPolicy#ALWAYS}, the device. Leads a write if none runs.
     */
    void awaitWritten(long position) {
        lock.lock();
        try {
            while ((policy == FsyncPolicy.ALWAYS ? forced : written) < position) {
                if (failure != null) {
                    throw broken();
                }
                if (!writing) {
                    lead();
                } else {
                    progress.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the housekeeping thread to write entries nobody waits for. */
    void wakeFlusher() {
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the housekeeping thread to run the housekeeping task (deleting done segments) once the journal up to
     * {@code position} is written, so that what a crash leaves on disk is always a prefix of what was appended: a
     * segment is never gone while the marker that completed it could still be lost.
     */
    void requestHousekeeping(long position) {
        lock.lock();
        try {
            housekeepingWanted = true;
            housekeepingAfter = Math.max(housekeepingAfter, position);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The base sequence of the segment the writer writes now; segments below it are closed. */
    long writerBase() {
        return writerBase;
    }

    /** The next global sequence number. */
    long nextSequence() {
        lock.lock();
        try {
            return nextSequence;
        } finally {
            lock.unlock();
        }
    }

    /** Writes everything appended, forces it unless the policy is {@code none}, stops the thread, closes the file. */
    void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            while (written < appended && failure == null) {
                if (!writing) {
                    lead();
                } else {
                    progress.awaitUninterruptibly();
                }
            }
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (RandomAccessFile f = file) {
            if (policy != FsyncPolicy.NONE && failure == null) {
                forceHook.force(filePath, f);
            }
        }
    }

    /**
     * Stops as a {@code kill -9} would: what is buffered and not written is dropped, nothing is forced. For tests
     * that crash a spool and open the directory again in the same process.
     */
    void halt() throws IOException {
        lock.lock();
        try {
            closing = true;
            closed = true;
            wake.signalAll();
            while (writing) {
                progress.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }

    /** Called with the lock held and no write running: writes the whole buffer with the lock released. */
    private void lead() {
        writing = true;
        byte[] mine = filling;
        int size = fillingSize;
        List<Roll> myRolls = rolls;
        filling = spare;
        fillingSize = 0;
        spare = null;
        rolls = spareRolls;
        spareRolls = null;
        long target = appended;
        lock.unlock();
        IOException error = null;
        try {
            writeOut(mine, size, myRolls);
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
        }
        writing = false;
        spare = mine;
        myRolls.clear();
        spareRolls = myRolls;
        if (error != null) {
            if (failure == null) {
                failure = error;
                LOG.log(
                        System.Logger.Level.ERROR,
                        "spool " + directory + ": a write failed; the spool takes no more records",
                        error);
            }
        } else {
            written = target;
            if (policy == FsyncPolicy.ALWAYS) {
                forced = target;
            }
        }
        progress.signalAll();
        if (written < appended || housekeepingWanted) {
            wake.signal(); // bytes nobody may wait for, or housekeeping that waited for this write
        }
    }

    private void writeOut(byte[] buf, int size, List<Roll> myRolls) throws IOException {
        int from = 0;
        for (Roll roll : myRolls) {
            file.write(buf, from, roll.offset() - from);
            startSegment(roll);
            from = roll.offset();
        }
        file.write(buf, from, size - from);
        if (policy == FsyncPolicy.ALWAYS) {
            forceHook.force(filePath, file);
        }
    }

    private void startSegment(Roll roll) throws IOException {
        RandomAccessFile old = file;
        if (policy != FsyncPolicy.NONE) {
            forceHook.force(filePath, old);
        }
        old.close();
        Path path = directory.resolve(segmentName(roll.base()));
        RandomAccessFile next = new RandomAccessFile(path.toFile(), "rw");
        next.setLength(0);
        if (roll.snapshot() != null) {
            next.write(roll.snapshot());
            if (policy != FsyncPolicy.NONE) {
                // Older segments may be deleted once this one exists: their sequences must be on the device first.
                forceHook.force(path, next);
            }
        }
        if (policy != FsyncPolicy.NONE) {
            forceHook.forceDirectory(directory);
        }
        file = next;
        filePath = path;
        writerBase = roll.base();
    }

    /** Under the lock: the next record starts a new segment, opened by a SEQUENCES snapshot when stamps exist. */
    private void roll() {
        byte[] snapshot = null;
        if (!sequences.isEmpty()) {
            int body = sequences.bodySize();
            snapshot = new byte[Entries.entrySize(body)];
            Entries.putFrame(snapshot, 0, EntryType.SEQUENCES, body);
            sequences.putBody(snapshot, Entries.FRAME + 1);
            Entries.seal(crc, snapshot, 0, snapshot.length);
        }
        long base = nextSequence;
        rolls.add(new Roll(fillingSize, base, snapshot));
        books.roll(base, directory.resolve(segmentName(base)), activeBytes);
        activeBytes = snapshot == null ? 0 : snapshot.length;
        activeHasRecord = false;
        liveBytes.addAndGet(activeBytes);
    }

    /** Under the lock with an empty buffer too small for one entry: grows it, allocating with the lock released. */
    private void grow(int entrySize) {
        int capacity = Integer.highestOneBit(Math.max(entrySize, 1)) << 1;
        if (capacity < entrySize) {
            capacity = Integer.MAX_VALUE - 8;
        }
        lock.unlock();
        byte[] bigger;
        try {
            bigger = new byte[capacity];
        } finally {
            lock.lock();
        }
        if (fillingSize == 0 && filling.length < entrySize) {
            filling = bigger;
        }
    }

    private SpoolFullException full(int entrySize) {
        String oldest = books.oldestSummary(nextSequence);
        return new SpoolFullException(
                "spool " + directory + " is full: " + liveBytes.get() + " bytes in use, a record of "
                        + entrySize + " bytes would pass sluice.spool.max.bytes=" + maxBytes
                        + (oldest == null ? "" : "; the oldest segment " + oldest));
    }

    private SpoolException broken() {
        return new SpoolException("spool " + directory + " cannot be written: " + failure.getMessage(), failure);
    }

    private void runFlusher() {
        long nextForce = System.nanoTime() + intervalNanos;
        long forcedUpTo = 0;
        lock.lock();
        try {
            while (!closed) {
                if (written < appended && !writing && failure == null) {
                    lead();
                    continue;
                }
                if (housekeepingWanted && written >= housekeepingAfter) {
                    housekeepingWanted = false;
                    runUnlocked(housekeeping);
                    continue;
                }
                long now = System.nanoTime();
                if (policy == FsyncPolicy.INTERVAL && now - nextForce >= 0) {
                    nextForce = now + intervalNanos;
                    long upTo = written;
                    if (upTo > forcedUpTo && failure == null) {
                        RandomAccessFile f = file;
                        Path p = filePath;
                        lock.unlock();
                        try {
                            forceHook.force(p, f);
                            forcedUpTo = upTo;
                        } catch (IOException closedByRoll) {
                            // The segment rolled meanwhile; the roll forced it before closing it.
                        } finally {
                            lock.lock();
                        }
                    }
                    continue;
                }
                if (policy == FsyncPolicy.INTERVAL) {
                    wake.awaitNanos(nextForce - now);
                } else {
                    wake.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void runUnlocked(Runnable task) {
        lock.unlock();
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "spool " + directory + ": housekeeping failed", e);
        } finally {
            lock.lock();
        }
    }
}
