package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
    private static final long HOUR = 3_600_000;

    private static AccessToken token(long issuedAtMs, long expiresAtMs) {
        return new AccessToken("t", "app", issuedAtMs, expiresAtMs);
    }

    @Test
    void refreshesAtTheWindowFactorPlusJitterOfTheLifetime() {
        RefreshPolicy policy = new RefreshPolicy(0.8, 0.05, 60_000, 300_000, () -> 0.5);

        assertThat(policy.refreshAtMs(token(0, HOUR), 0)).isEqualTo((long) (HOUR * 0.825));
    }

    @Test
    void movesTheRefreshEarlierToKeepTheBuffer() {
        RefreshPolicy policy = new RefreshPolicy(0.95, 0.0, 60_000, 600_000, () -> 0.0);

        assertThat(policy.refreshAtMs(token(0, HOUR), 0)).isEqualTo(HOUR - 600_000);
    }

    @Test
    void waitsAtLeastTheMinimumPeriodWhileThatIsBeforeExpiry() {
        RefreshPolicy policy = new RefreshPolicy(0.8, 0.0, 60_000, 300_000, () -> 0.0);

        assertThat(policy.refreshAtMs(token(0, 120_000), 0)).isEqualTo(60_000);
    }

    @Test
    void aTokenShorterThanTheMinimumPeriodIsRefreshedAtItsWindow() {
        RefreshPolicy policy = new RefreshPolicy(0.8, 0.0, 60_000, 300_000, () -> 0.0);

        assertThat(policy.refreshAtMs(token(0, 30_000), 0)).isEqualTo(24_000);
    }

    @Test
    void neverRefreshesInThePast() {
        RefreshPolicy policy = new RefreshPolicy(0.8, 0.0, 0, 300_000, () -> 0.0);

        assertThat(policy.refreshAtMs(token(0, 100_000), 50_000)).isEqualTo(50_000);
    }
}
