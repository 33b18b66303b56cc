package io.sluice.producer.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void doublesUpToTheCapWithinTheJitterBand() {
        ExponentialBackoff backoff = new ExponentialBackoff(100, 1000, 0.2);
        assertThat(backoff.nominalMs(0)).isEqualTo(100);
        assertThat(backoff.nominalMs(1)).isEqualTo(200);
        assertThat(backoff.nominalMs(3)).isEqualTo(800);
        assertThat(backoff.nominalMs(4)).isEqualTo(1000);
        assertThat(backoff.nominalMs(1_000_000)).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.backoffMs(2)).isBetween(320L, 480L);
            assertThat(backoff.backoffMs(50)).isBetween(800L, 1200L);
        }
    }

    @Test
    void isConstantWhenTheCapIsBelowTheStart() {
        ExponentialBackoff backoff = new ExponentialBackoff(500, 100, 0);
        assertThat(backoff.backoffMs(0)).isEqualTo(500);
        assertThat(backoff.backoffMs(10)).isEqualTo(500);
    }

    @Test
    void zeroMeansNoWait() {
        assertThat(new ExponentialBackoff(0, 0, 0.2).backoffMs(5)).isZero();
    }
}
