package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void coversEveryKafkaErrorWithTheSameNameAndRetriability() {
        for (org.apache.kafka.common.protocol.Errors kafka : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(kafka.code());
            assertThat(Errors.isKnown(kafka.code())).as(kafka.name()).isTrue();
            assertThat(ours.name()).isEqualTo(kafka.name());
            assertThat(ours.code()).isEqualTo(kafka.code());
            assertThat(ours.isRetriable()).as(kafka.name()).isEqualTo(kafka.exception() instanceof RetriableException);
        }
        assertThat(Errors.values()).hasSize(org.apache.kafka.common.protocol.Errors.values().length);
    }

    @Test
    void unknownCodesMapToUnknownServerErrorAndKeepTheirNumber() {
        assertThat(Errors.forCode((short) 999)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.forCode((short) -7)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.isKnown((short) 999)).isFalse();
        assertThat(Errors.describe((short) 999)).contains("999");
        assertThat(Errors.describe((short) 6)).startsWith("NOT_LEADER_OR_FOLLOWER (6)");
    }

    @Test
    void everyErrorHasADescription() {
        for (Errors e : Errors.values()) {
            assertThat(e.description()).as(e.name()).isNotBlank();
        }
        assertThat(Errors.NONE.isError()).isFalse();
        assertThat(Errors.NOT_LEADER_OR_FOLLOWER.isError()).isTrue();
    }
}
