package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExitGuardTest {
    @Test
    void aHaltOrExitRequestBecomesAnExceptionAndIsCounted() {
        ExitGuard.install();
        int before = ExitGuard.requests();

        assertThatThrownBy(() -> Exit.halt(1, "fault injected by test"))
                .isInstanceOf(ExitGuard.KafkaFatalFaultException.class)
                .hasMessageContaining("halt")
                .hasMessageContaining("fault injected by test");
        assertThatThrownBy(() -> Exit.exit(2))
                .isInstanceOf(ExitGuard.KafkaFatalFaultException.class)
                .hasMessageContaining("status 2");

        assertThat(ExitGuard.requests()).isEqualTo(before + 2);
    }
}
