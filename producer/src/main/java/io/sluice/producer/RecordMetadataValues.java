package io.sluice.producer;

/** {@link RecordMetadata} that holds its own values, built by {@link RecordMetadata#of}. */
final class RecordMetadataValues implements RecordMetadata {
    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;

    RecordMetadataValues(
            String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public int serializedKeySize() {
        return serializedKeySize;
    }

    @Override
    public int serializedValueSize() {
        return serializedValueSize;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
