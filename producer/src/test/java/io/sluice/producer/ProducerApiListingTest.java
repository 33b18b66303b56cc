package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The producer's public surface is the one checked in, so changing it is always a deliberate diff, and no public
 * signature of it names a type under {@code io.sluice.producer.internal}.
 */
class ProducerApiListingTest {
    static final String UPDATE_COMMAND = "mvn -B -pl producer -am verify -Dtest='*ApiListingTest'"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.api.update=true";

    @Test
    void publicApiMatchesTheCheckedInListing() {
        ApiListing.of(SluiceProducer.class).check(Path.of("api", "sluice-producer.api"), UPDATE_COMMAND);
    }

    @Test
    void exportsOnlyTheApiPackages() {
        assertThat(SluiceProducer.class.getModule().getDescriptor().exports())
                .allSatisfy(e -> assertThat(e.source()).doesNotContain(".internal"))
                .extracting(e -> e.source())
                .containsExactlyInAnyOrder(
                        "io.sluice.producer",
                        "io.sluice.producer.errors",
                        "io.sluice.producer.metrics",
                        "io.sluice.producer.partition",
                        "io.sluice.producer.serde");
    }
}
