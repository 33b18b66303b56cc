package io.sluice.producer.internal.spool;

import io.sluice.producer.TopicPartition;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest producer identity and per-partition next sequence, as the STAMPED entries so far say. Written whole as
 * the SEQUENCES entry that opens every rolled segment, so deleting older segments never loses it. Guarded by the
 * journal writer's lock.
 */
final class SequenceBook {
    private final Map<TopicPartition, SequenceState> byPartition = new HashMap<>();
    private SequenceState identity = SequenceState.NONE;

    void stamped(TopicPartition partition, long producerId, short epoch, int baseSequence, int count) {
        identity = new SequenceState(producerId, epoch, 0);
        byPartition.put(partition, new SequenceState(producerId, epoch, SequenceState.after(baseSequence, count)));
    }

    SequenceState identity() {
        return identity;
    }

    Map<TopicPartition, SequenceState> byPartition() {
        return byPartition;
    }

    boolean isEmpty() {
        return identity == SequenceState.NONE && byPartition.isEmpty();
    }

    int bodySize() {
        int n = 8 + 2 + Bytes.sizeOfUnsignedVarint(byPartition.size());
        for (TopicPartition p : byPartition.keySet()) {
            n += Bytes.sizeOfString(p.topic()) + 4 + 8 + 2 + 4;
        }
        return n;
    }

    int putBody(byte[] buf, int pos) {
        pos = Bytes.putLong(buf, pos, identity.producerId());
        pos = Bytes.putShort(buf, pos, identity.epoch());
        pos = Bytes.putUnsignedVarint(buf, pos, byPartition.size());
        for (Map.Entry<TopicPartition, SequenceState> e : byPartition.entrySet()) {
            pos = Bytes.putString(buf, pos, e.getKey().topic());
            pos = Bytes.putInt(buf, pos, e.getKey().partition());
            pos = Bytes.putLong(buf, pos, e.getValue().producerId());
            pos = Bytes.putShort(buf, pos, e.getValue().epoch());
            pos = Bytes.putInt(buf, pos, e.getValue().nextSequence());
        }
        return pos;
    }

    /** Replaces everything with a SEQUENCES body: a snapshot is complete as of where it was written. */
    void readBody(EntryReader r) {
        long producerId = r.getLong();
        short epoch = r.getShort();
        identity = producerId < 0 ? SequenceState.NONE : new SequenceState(producerId, epoch, 0);
        byPartition.clear();
        int count = r.getUnsignedVarint();
        for (int i = 0; i < count; i++) {
            TopicPartition p = new TopicPartition(r.getString(), r.getInt());
            byPartition.put(p, new SequenceState(r.getLong(), r.getShort(), r.getInt()));
        }
    }
}
