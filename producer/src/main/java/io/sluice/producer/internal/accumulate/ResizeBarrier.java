package io.sluice.producer.internal.accumulate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The resize state of one topic while its partition count grew and records accepted before the growth are not all
 * complete. Everything is guarded by {@link #lock}, which comes before any partition lock.
 *
 * <p>Each growth is a {@link Generation} from {@code fromCount} to {@code toCount} partitions. Per old partition it
 * has a {@link Source}: the batches of that partition that were incomplete when the growth was seen (the
 * <em>watermark</em>), and the records held behind them. A keyed record whose partition differs between
 * {@code fromCount} and {@code toCount} waits in its old partition's source until the source <em>opens</em>: every
 * watched batch settled and every record held there gone on. A second growth while the first is still draining adds
 * a generation; a record leaving one generation's source is checked against the later ones, so a key that moves
 * twice drains twice, in order. When every source of a generation is open, the generation is dropped, and the barrier
 * with it once none is left.
 *
 * <p>Nothing here is per key: a record's source is computed from its key when it is sent or released.
 */
final class ResizeBarrier {
    final String topic;
    final ReentrantLock lock = new ReentrantLock();
    /** Oldest first; guarded by {@link #lock}. */
    final List<Generation> generations = new ArrayList<>(2);
    /** Records held in all sources; guarded by {@link #lock}. */
    int held;

    ResizeBarrier(String topic) {
        this.topic = topic;
    }

    /** One growth of the partition count. */
    static final class Generation {
        final int fromCount;
        final int toCount;
        final Source[] sources;

        Generation(int fromCount, int toCount) {
            this.fromCount = fromCount;
            this.toCount = toCount;
            this.sources = new Source[fromCount];
            for (int p = 0; p < fromCount; p++) {
                sources[p] = new Source(p);
            }
        }

        boolean allOpen() {
            for (Source s : sources) {
                if (!s.open) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One old partition of a generation: its watermark batches and the moved records waiting behind them. */
    static final class Source {
        final int partition;
        final List<ProducerBatch> watched = new ArrayList<>();
        final ArrayDeque<PendingRecord> held = new ArrayDeque<>();
        /** Closed until the watermark settled and the held records went on; then records pass straight through. */
        boolean open;

        Source(int partition) {
            this.partition = partition;
        }

        /**
         * Watches a batch that a record placed with the old count went into after the growth was installed (a
         * sending thread that read the metadata just before it changed); closes the source again if needed.
         */
        void watchLate(ProducerBatch batch) {
            if (!batch.settled() && !watched.contains(batch)) {
                watched.add(batch);
                open = false;
            }
        }

        /** Drops settled batches; returns whether the watermark is complete. */
        boolean watermarkSettled() {
            watched.removeIf(ProducerBatch::settled);
            return watched.isEmpty();
        }
    }

    /**
     * Returns the source that must hold a record of {@code key}, looking at the generations after {@code after}
     * ({@code null}: all of them), or {@code null} when the record may go to its partition now. Caller holds the lock.
     */
    Source blockingSource(byte[] key, KeyMapping mapping, Generation after) {
        int i = after == null ? 0 : generations.indexOf(after) + 1;
        for (; i < generations.size(); i++) {
            Generation g = generations.get(i);
            int old = mapping.partition(key, g.fromCount);
            Source s = g.sources[old];
            if (!s.open && mapping.partition(key, g.toCount) != old) {
                return s;
            }
        }
        return null;
    }

    /** Returns whether the key's partition changed in any generation. Caller holds the lock. */
    boolean moved(byte[] key, KeyMapping mapping) {
        for (Generation g : generations) {
            if (mapping.partition(key, g.fromCount) != mapping.partition(key, g.toCount)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the generation a source belongs to. Caller holds the lock. */
    Generation generationOf(Source source) {
        for (Generation g : generations) {
            if (source.partition < g.sources.length && g.sources[source.partition] == source) {
                return g;
            }
        }
        throw new IllegalStateException("source of no generation");
    }
}
