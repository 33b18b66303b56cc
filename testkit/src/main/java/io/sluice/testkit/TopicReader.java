package io.sluice.testkit;

import io.sluice.testkit.internal.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back everything in a topic with Apache Kafka's own {@link KafkaConsumer}, so a test can check exactly what
 * reached the broker: every partition, from the beginning, without a consumer group.
 *
 * <pre>{@code
 * List<StoredRecord> stored = TopicReader.readUncommitted(kafka.bootstrapServers())
 *         .readAll("orders", 3, Duration.ofSeconds(30));
 * assertThat(stored).extracting(StoredRecord::valueString).containsExactly("a", "b", "c");
 * }</pre>
 *
 * <p>Immutable; each read opens and closes its own consumer.
 */
public final class TopicReader {
    private static final Duration MAX_POLL = Duration.ofMillis(200);

    private final Map<String, Object> config;

    private TopicReader(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    /** A reader with {@code isolation.level=read_uncommitted}: sees records of open and aborted transactions too. */
    public static TopicReader readUncommitted(String bootstrapServers) {
        return create(bootstrapServers, "read_uncommitted");
    }

    /**
     * A reader with {@code isolation.level=read_committed}: sees only records outside transactions and of committed
     * transactions, and stops at the last stable offset.
     */
    public static TopicReader readCommitted(String bootstrapServers) {
        return create(bootstrapServers, "read_committed");
    }

    private static TopicReader create(String bootstrapServers, String isolationLevel) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Reading must never create the topic it checks.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-testkit-reader");
        return new TopicReader(config);
    }

    /** A copy of this reader with one more consumer property, e.g. {@code security.protocol} or SASL settings. */
    public TopicReader withProperty(String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(config);
        changed.put(key, value);
        return new TopicReader(changed);
    }

    /**
     * Reads the topic until it has read the end of every partition as it was when the read began.
     *
     * @return the records, ordered by partition then offset; what was read so far if {@code timeout} passes first
     */
    public List<StoredRecord> readAll(String topic, Duration timeout) {
        return readAll(topic, 0, timeout);
    }

    /**
     * Reads the topic until at least {@code expectedCount} records have arrived and the end of every partition, as
     * it was at that moment, has been read: so records beyond the expected ones are returned too, and a test that
     * compares the whole list checks that nothing extra was written.
     *
     * @return the records, ordered by partition then offset; what was read so far if {@code timeout} passes first
     */
    public List<StoredRecord> readAll(String topic, int expectedCount, Duration timeout) {
        Deadline deadline = Deadline.of(timeout);
        List<StoredRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = null;
            while (!deadline.passed()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTime(deadline))) {
                    records.add(toStored(record));
                }
                if (records.size() >= expectedCount) {
                    if (endOffsets == null) {
                        endOffsets = consumer.endOffsets(partitions, Duration.ofMillis(deadline.remainingMillis()));
                    }
                    if (caughtUp(consumer, endOffsets, deadline)) {
                        break;
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // The deadline passed inside a consumer call: return what was read, as documented.
        }
        records.sort(Comparator.comparingInt(StoredRecord::partition).thenComparingLong(StoredRecord::offset));
        return records;
    }

    private static List<TopicPartition> partitionsOf(
            KafkaConsumer<byte[], byte[]> consumer, String topic, Deadline deadline) {
        while (true) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, pollTime(deadline));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                // No metadata within this poll; try again until the deadline.
            }
            if (deadline.passed()) {
                return List.of();
            }
            Deadline.pause();
        }
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets, Deadline deadline) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey(), pollTime(deadline)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Duration pollTime(Deadline deadline) {
        long remaining = Math.max(1, deadline.remainingMillis());
        return Duration.ofMillis(Math.min(remaining, MAX_POLL.toMillis()));
    }

    private static StoredRecord toStored(ConsumerRecord<byte[], byte[]> record) {
        List<StoredRecord.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new StoredRecord.Header(header.key(), header.value()));
        }
        return new StoredRecord(
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.timestampType(),
                record.key(),
                record.value(),
                headers);
    }
}
