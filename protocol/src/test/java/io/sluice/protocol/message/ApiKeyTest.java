package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    @Test
    void versionRangesLieWithinKafkasAndAgreeOnFlexibilityAndHeaders() {
        for (ApiKey ours : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(ours.id());
            assertThat(kafka.name()).isEqualTo(ours.name());
            assertThat(ours.oldestVersion()).as(ours.name()).isGreaterThanOrEqualTo(kafka.oldestVersion());
            assertThat(ours.latestVersion()).as(ours.name()).isLessThanOrEqualTo(kafka.latestVersion(true));
            for (short v = ours.oldestVersion(); v <= ours.latestVersion(); v++) {
                assertThat(ours.requestHeaderVersion(v)).as(ours + " v" + v).isEqualTo(kafka.requestHeaderVersion(v));
                assertThat(ours.responseHeaderVersion(v)).as(ours + " v" + v).isEqualTo(kafka.responseHeaderVersion(v));
                assertThat(ours.isFlexible(v)).as(ours + " v" + v).isEqualTo(kafka.requestHeaderVersion(v) == 2);
            }
        }
    }

    @Test
    void supportsTheVersionsTheIssueAsksFor() {
        assertThat(ApiKey.PRODUCE.oldestVersion()).isEqualTo((short) 3);
        assertThat(ApiKey.PRODUCE.latestVersion()).isEqualTo((short) 13);
        assertThat(ApiKey.METADATA.latestVersion()).isEqualTo((short) 13);
        assertThat(ApiKey.API_VERSIONS.latestVersion()).isEqualTo((short) 5);
        assertThat(ApiKey.forId((short) 0)).isEqualTo(ApiKey.PRODUCE);
        assertThat(ApiKey.forId((short) 1)).isNull();
        assertThat(ApiKey.forId((short) -1)).isNull();
        assertThat(ApiKey.forId((short) 999)).isNull();
    }
}
