package io.sluice.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * An offset to commit for a consumed partition with {@link SluiceProducer#sendOffsetsToTransaction}: the offset of
 * the next record the consumer group should read (the last processed offset plus one), optionally the leader epoch
 * of the last processed record, and a free-form metadata string stored with the commit.
 *
 * @param offset the next offset to consume, zero or more
 * @param leaderEpoch the leader epoch of the last consumed record, or empty when unknown
 * @param metadata free-form text stored with the offset; never null (empty when not given)
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
    /**
     * Creates the value.
     *
     * @throws IllegalArgumentException when {@code offset} is negative
     */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset);
        }
        leaderEpoch = leaderEpoch == null ? Optional.empty() : leaderEpoch;
        metadata = metadata == null ? "" : metadata;
    }

    /** An offset with metadata and no leader epoch. */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }

    /** An offset with empty metadata and no leader epoch. */
    public OffsetAndMetadata(long offset) {
        this(offset, Optional.empty(), "");
    }

    @Override
    public String toString() {
        return "OffsetAndMetadata{offset=" + offset + ", leaderEpoch=" + leaderEpoch.orElse(null) + ", metadata='"
                + metadata + "'}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetAndMetadata other
                && offset == other.offset
                && leaderEpoch.equals(other.leaderEpoch)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, leaderEpoch, metadata);
    }
}
