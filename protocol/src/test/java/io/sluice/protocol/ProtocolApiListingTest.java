package io.sluice.protocol;

import io.sluice.testkit.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The protocol module's public surface is the one checked in, so changing it is always a deliberate diff. */
class ProtocolApiListingTest {
    static final String UPDATE_COMMAND = "mvn -B -pl producer -am verify -Dtest='*ApiListingTest'"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.api.update=true";

    @Test
    void publicApiMatchesTheCheckedInListing() {
        ApiListing.of(Errors.class).check(Path.of("api", "sluice-protocol.api"), UPDATE_COMMAND);
    }
}
