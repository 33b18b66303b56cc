package io.sluice.producer.internal.spool;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ConfigException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code sluice.spool.*} settings.
 *
 * @param directory where the segments and the lock file live
 * @param fsync what survives a machine crash
 * @param fsyncIntervalMs how often {@link FsyncPolicy#INTERVAL} forces
 * @param maxBytes bound of the segment files' total size (markers may pass it, see the package documentation)
 * @param segmentBytes a segment rolls before a record that would take it past this size
 */
public record SpoolSettings(Path directory, FsyncPolicy fsync, long fsyncIntervalMs, long maxBytes, long segmentBytes) {
    /** Checks the values and their relation. */
    public SpoolSettings {
        if (fsyncIntervalMs < 1 || maxBytes < 1 || segmentBytes < 1) {
            throw new ConfigException("sluice.spool.fsync.interval.ms, sluice.spool.max.bytes and"
                    + " sluice.spool.segment.bytes must be positive");
        }
        if (segmentBytes > maxBytes) {
            throw new ConfigException("sluice.spool.segment.bytes=" + segmentBytes
                    + " must not exceed sluice.spool.max.bytes=" + maxBytes);
        }
    }

    /** The settings of {@code config}, or empty when {@code sluice.spool.dir} is not set (no spool). */
    public static Optional<SpoolSettings> from(ProducerConfig config) {
        String dir = config.getString(ProducerConfig.SPOOL_DIR_CONFIG);
        if (dir == null) {
            return Optional.empty();
        }
        return Optional.of(new SpoolSettings(
                Path.of(dir),
                FsyncPolicy.parse(config.getString(ProducerConfig.SPOOL_FSYNC_CONFIG)),
                config.getLong(ProducerConfig.SPOOL_FSYNC_INTERVAL_MS_CONFIG),
                config.getLong(ProducerConfig.SPOOL_MAX_BYTES_CONFIG),
                config.getLong(ProducerConfig.SPOOL_SEGMENT_BYTES_CONFIG)));
    }
}
