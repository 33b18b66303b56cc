package io.sluice.producer.internal.spool;

import io.sluice.protocol.record.Header;

/**
 * A record read back from the spool, as {@code send()} journaled it: key and value as the serializers produced them.
 *
 * @param sequence its global sequence number G, to name it in {@link Spool#acked}, {@link Spool#failed} and
 *     {@link Spool#stamped}
 * @param partition the partition it was journaled or placed with, or -1 when it was never placed
 * @param timestamp the timestamp it was journaled with
 */
public record SpooledRecord(
        long sequence, String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers) {}
