package io.sluice.producer.internal.spool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * Which records of each segment are still outstanding. Segment {@code i} holds the records with sequences
 * {@code [base(i), base(i+1))}, every one of them (the writer assigns sequences in file order and rolls only before a
 * record), so a segment is done when that many distinct sequences were acknowledged or failed; a bit per record makes
 * a repeated acknowledgement harmless. Only a prefix of done segments, all closed, is ever handed out for deletion:
 * a marker always lives at or after the records it names, so no surviving record loses one.
 */
final class SegmentBooks {
    /** One segment's bookkeeping; {@code end} is -1 while it is the active segment. */
    static final class Segment {
        final long base;
        final Path file;
        long end = -1;
        long bytes;
        long doneCount;
        long[] doneBits = new long[1];

        Segment(long base, Path file) {
            this.base = base;
            this.file = file;
        }

        boolean markDone(long sequence) {
            int index = (int) (sequence - base);
            int word = index >>> 6;
            if (word >= doneBits.length) {
                doneBits = Arrays.copyOf(doneBits, Math.max(word + 1, doneBits.length * 2));
            }
            long bit = 1L << index;
            if ((doneBits[word] & bit) != 0) {
                return false;
            }
            doneBits[word] |= bit;
            doneCount++;
            return true;
        }

        boolean isDone() {
            return end >= 0 && doneCount == end - base;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Segment> segments = new ArrayList<>();

    /** Adds the new active segment, closing the one before at {@code base} with {@code closedBytes} on disk. */
    void roll(long base, Path file, long closedBytes) {
        lock.lock();
        try {
            if (!segments.isEmpty()) {
                Segment last = segments.get(segments.size() - 1);
                last.end = base;
                last.bytes = closedBytes;
            }
            segments.add(new Segment(base, file));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a segment found on disk, holding the records {@code [base, recordsEnd)}: they are done except those
     * {@code outstanding} names. {@code end} is -1 for the active (last) segment, else {@code recordsEnd}.
     */
    void addRecovered(long base, long end, long recordsEnd, Path file, long bytes, LongPredicate outstanding) {
        Segment s = new Segment(base, file);
        s.bytes = bytes;
        for (long g = base; g < recordsEnd; g++) {
            if (!outstanding.test(g)) {
                s.markDone(g);
            }
        }
        s.end = end;
        lock.lock();
        try {
            segments.add(s);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks records acknowledged or failed; returns whether the oldest segment may now be done. Sequences of
     * segments deleted already are ignored.
     */
    boolean markDone(long[] sequences, int count) {
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                Segment s = find(sequences[i]);
                if (s != null) {
                    s.markDone(sequences[i]);
                }
            }
            return !segments.isEmpty() && segments.get(0).isDone();
        } finally {
            lock.unlock();
        }
    }

    /** The segment holding {@code sequence}, or null when it was deleted already (or never existed). */
    private Segment find(long sequence) {
        int lo = 0;
        int hi = segments.size() - 1;
        Segment found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (s.base <= sequence) {
                found = s;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found != null && (found.end < 0 || sequence < found.end) ? found : null;
    }

    /**
     * Removes and returns the longest prefix of done, closed segments below {@code writerBase}, the segment the
     * writer writes now: a segment below it is closed and every byte of it written.
     */
    List<Segment> takeDonePrefix(long writerBase) {
        lock.lock();
        try {
            int n = 0;
            while (n < segments.size() && segments.get(n).isDone() && segments.get(n).base < writerBase) {
                n++;
            }
            if (n == 0) {
                return List.of();
            }
            List<Segment> done = new ArrayList<>(segments.subList(0, n));
            segments.subList(0, n).clear();
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest segment's file and its outstanding records, for an error message; null when none. */
    String oldestSummary(long nextSequence) {
        lock.lock();
        try {
            if (segments.isEmpty()) {
                return null;
            }
            Segment s = segments.get(0);
            long end = s.end >= 0 ? s.end : nextSequence;
            return s.file.getFileName() + " still holds " + (end - s.base - s.doneCount) + " records not acknowledged";
        } finally {
            lock.unlock();
        }
    }

    /** Files of the segments still kept, oldest first. */
    List<Path> files() {
        lock.lock();
        try {
            List<Path> files = new ArrayList<>(segments.size());
            for (Segment s : segments) {
                files.add(s.file);
            }
            return files;
        } finally {
            lock.unlock();
        }
    }
}
