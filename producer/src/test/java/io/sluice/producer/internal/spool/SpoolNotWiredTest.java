package io.sluice.producer.internal.spool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.serde.StringSerializer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolNotWiredTest {
    @Test
    void aProducerGivenASpoolDirectoryRefusesToStartUntilThePipelineWritesTheSpool(@TempDir Path dir) {
        Map<String, Object> settings =
                Map.of("bootstrap.servers", "localhost:9092", "sluice.spool.dir", dir.toString());
        assertThatThrownBy(() -> new SluiceProducer<>(settings, new StringSerializer(), new StringSerializer()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sluice.spool.dir")
                .hasMessageContaining("not wired");
    }
}
