package io.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which configurations the command line selects, and how they show their settings. */
class OptionsTest {
    @Test
    void quickRunsThreePlaintextConfigurationsAndTlsOnlyWhenNamed() {
        assertThat(Options.parse(new String[] {"--quick"}).configs())
                .extracting(BenchConfig::name)
                .containsExactly("defaults", "acks1-linger5-lz4", "defaults-100k");

        BenchConfig tls = Options.parse(new String[] {"--quick", "--configs", "defaults-tls"})
                .configs()
                .get(0);

        assertThat(tls.tls()).isTrue();
        assertThat(tls.records()).isEqualTo(500_000);
        assertThat(tls.settings()).isEmpty();
        assertThat(tls.describe()).endsWith("over TLS");
    }

    @Test
    void theFullMatrixHasTheTlsConfigurationBesideItsPlaintextTwin() {
        var configs = Options.parse(new String[] {"--configs", "defaults,defaults-tls"})
                .configs();

        assertThat(configs).extracting(BenchConfig::tls).containsExactly(false, true);
        assertThat(configs).extracting(BenchConfig::records).containsExactly(2_000_000L, 2_000_000L);
    }

    @Test
    void secretsGivenWithSetAreHiddenInDescriptions() {
        BenchConfig config = Options.parse(new String[] {
                    "--quick", "--configs", "defaults", "--set", "ssl.truststore.password=s3cret-value"
                })
                .configs()
                .get(0);

        assertThat(config.settings()).containsEntry("ssl.truststore.password", "s3cret-value");
        assertThat(config.describe())
                .contains("ssl.truststore.password=[hidden]")
                .doesNotContain("s3cret-value");
        assertThat(config.displaySettings()).containsEntry("ssl.truststore.password", "[hidden]");
    }

    @Test
    void baselineSettingsRunTheBuiltProducerAsBaselineWithThoseSettingsOnly() {
        Options o = Options.parse(
                new String[] {"--quick", "--clients", "sluice", "--baseline-set", "sluice.metrics.enabled=false"});
        assertThat(o.clients()).containsExactly("sluice", "baseline");
        assertThat(o.baselineSettings()).containsEntry("sluice.metrics.enabled", "false");
        assertThat(o.classpathFor("baseline")).isEqualTo(o.classpathFor("sluice"));
    }
}
