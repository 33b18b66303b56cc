package io.sluice.producer.internal.accumulate;

import io.sluice.producer.ProducerConfig;
import io.sluice.protocol.record.Compression;

/**
 * The settings the accumulator works with, taken from {@link ProducerConfig}.
 *
 * @param batchSize {@code batch.size}
 * @param lingerMs {@code linger.ms}
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}
 * @param deliveryTimeoutMs {@code delivery.timeout.ms}
 * @param compression the codec and level for new batches
 * @param adaptivePartitioning {@code partitioner.adaptive.partitioning.enable}
 * @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}
 * @param preferredRack the rack keyless records prefer ({@code client.rack} when {@code partitioner.rack.aware} is
 *     on and the rack is set), or {@code null}
 * @param incrementalAllocation {@code buffer.memory.allocation.strategy=incremental}: a batch starts small and takes
 *     memory as records arrive
 */
public record AccumulatorSettings(
        int batchSize,
        long lingerMs,
        long retryBackoffMs,
        long retryBackoffMaxMs,
        int deliveryTimeoutMs,
        Compression compression,
        boolean adaptivePartitioning,
        long availabilityTimeoutMs,
        String preferredRack,
        boolean incrementalAllocation) {

    /** The buffer an incrementally allocated batch starts with, unless its first record needs more. */
    static final int FIRST_INCREMENT = 1024;

    /**
     * The buffer a new batch takes for a first record that alone makes a batch of {@code singleRecordBatchSize}
     * bytes: {@code batch.size} (or the record, if larger) up front; incrementally, only what the record needs, at
     * least {@link #FIRST_INCREMENT} bytes while {@code batch.size} allows.
     */
    int firstBufferSize(int singleRecordBatchSize) {
        if (incrementalAllocation) {
            return Math.max(singleRecordBatchSize, Math.min(batchSize, FIRST_INCREMENT));
        }
        return Math.max(batchSize, singleRecordBatchSize);
    }

    /** Reads the settings from a validated config. */
    public static AccumulatorSettings from(ProducerConfig config) {
        return new AccumulatorSettings(
                config.getInt(ProducerConfig.BATCH_SIZE_CONFIG),
                config.getLong(ProducerConfig.LINGER_MS_CONFIG),
                config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                Compression.fromConfig(
                        config.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                        config.getInt(ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG),
                        config.getInt(ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG),
                        config.getInt(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG)),
                config.getBoolean(ProducerConfig.PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG),
                config.getLong(ProducerConfig.PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG),
                preferredRack(config),
                "incremental"
                        .equalsIgnoreCase(config.getString(ProducerConfig.BUFFER_MEMORY_ALLOCATION_STRATEGY_CONFIG)));
    }

    private static String preferredRack(ProducerConfig config) {
        String rack = config.getString(ProducerConfig.CLIENT_RACK_CONFIG);
        boolean rackAware = config.getBoolean(ProducerConfig.PARTITIONER_RACK_AWARE_CONFIG);
        return rackAware && rack != null && !rack.isBlank() ? rack : null;
    }
}
