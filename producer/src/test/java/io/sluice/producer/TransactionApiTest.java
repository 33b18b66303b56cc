package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.errors.IllegalTransactionStateException;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.StubProducerIo;
import io.sluice.producer.serde.StringSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransactionApiTest {
    private final ManualClock clock = new ManualClock();
    private final StubProducerIo[] io = new StubProducerIo[1];

    private SluiceProducer<String, String> nonTransactional() {
        return new SluiceProducer<>(
                Map.of("bootstrap.servers", "localhost:9092"),
                new StringSerializer(),
                new StringSerializer(),
                StubProducerIo.factory(clock, io),
                clock);
    }

    @Test
    void everyTransactionalCallWithoutTransactionalIdNamesTheSetting() {
        try (SluiceProducer<String, String> p = nonTransactional()) {
            Runnable[] calls = {
                p::initTransactions,
                p::beginTransaction,
                p::commitTransaction,
                p::abortTransaction,
                () -> p.sendOffsetsToTransaction(Map.of(), new ConsumerGroupMetadata("g"))
            };
            for (Runnable call : calls) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(IllegalStateException.class)
                        .isInstanceOf(IllegalTransactionStateException.class)
                        .hasMessageContaining("transactional.id");
            }
            p.close(Duration.ZERO);
        }
    }

    @Test
    void twoPhaseCommitIsRejectedRatherThanIgnored() {
        Map<String, Object> cfg = Map.of(
                "bootstrap.servers", "localhost:9092",
                "transactional.id", "tx",
                "transaction.two.phase.commit.enable", "true");
        assertThatThrownBy(() -> new SluiceProducer<>(
                        cfg, new StringSerializer(), new StringSerializer(), StubProducerIo.factory(clock, io), clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transaction.two.phase.commit.enable")
                .hasMessageContaining("KIP-939");
    }

    @Test
    void groupMetadataFromGroupIdAloneIsNotTiedToAGeneration() {
        ConsumerGroupMetadata g = new ConsumerGroupMetadata("group-1");
        assertThat(g.generationId()).isEqualTo(-1);
        assertThat(g.memberId()).isEmpty();
        assertThat(g.groupInstanceId()).isEmpty();
    }

    @Test
    void offsetAndMetadataDefaultsAndRejectsNegativeOffsets() {
        assertThat(new OffsetAndMetadata(5)).isEqualTo(new OffsetAndMetadata(5, Optional.empty(), ""));
        assertThat(new OffsetAndMetadata(5, null, null).metadata()).isEmpty();
        assertThatThrownBy(() -> new OffsetAndMetadata(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TopicPartition("t", 3)).hasToString("t-3");
        assertThatThrownBy(() -> new TopicPartition("t", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
