package io.sluice.producer.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpoolSettingsTest {
    private static ProducerConfig config(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("bootstrap.servers", "localhost:9092");
        settings.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        settings.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return new ProducerConfig(settings);
    }

    @Test
    void noDirectoryMeansNoSpool() {
        assertThat(SpoolSettings.from(config(Map.of()))).isEmpty();
    }

    @Test
    void theDefaultsForceEverySecondWithinOneGibibyteOfSixteenMebibyteSegments() {
        SpoolSettings s = SpoolSettings.from(config(Map.of("sluice.spool.dir", "/var/spool/orders")))
                .orElseThrow();
        assertThat(s)
                .isEqualTo(new SpoolSettings(
                        Path.of("/var/spool/orders"), FsyncPolicy.INTERVAL, 1000, 1L << 30, 16L << 20));
    }

    @Test
    void everySettingIsRead() {
        SpoolSettings s = SpoolSettings.from(config(Map.of(
                        "sluice.spool.dir", "/tmp/s",
                        "sluice.spool.fsync", "ALWAYS",
                        "sluice.spool.fsync.interval.ms", "250",
                        "sluice.spool.max.bytes", "1048576",
                        "sluice.spool.segment.bytes", "65536")))
                .orElseThrow();
        assertThat(s).isEqualTo(new SpoolSettings(Path.of("/tmp/s"), FsyncPolicy.ALWAYS, 250, 1 << 20, 1 << 16));
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of("sluice.spool.fsync", "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sluice.spool.fsync");
        assertThatThrownBy(() -> config(Map.of("sluice.spool.dir", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sluice.spool.dir");
        assertThatThrownBy(() -> SpoolSettings.from(config(Map.of(
                        "sluice.spool.dir", "/tmp/s",
                        "sluice.spool.max.bytes", "4096",
                        "sluice.spool.segment.bytes", "8192"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sluice.spool.segment.bytes=8192 must not exceed sluice.spool.max.bytes=4096");
    }
}
