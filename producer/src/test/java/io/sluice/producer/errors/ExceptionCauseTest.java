package io.sluice.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExceptionCauseTest {
    @Test
    void authorizationErrorsKeepTheirCause() {
        IOException cause = new IOException("denied by ACL");

        assertThat(new ClusterAuthorizationException("d", null, -1, "CLUSTER_AUTHORIZATION_FAILED", cause))
                .hasCause(cause);
        assertThat(new TopicAuthorizationException("d", "t", 0, "TOPIC_AUTHORIZATION_FAILED", cause))
                .hasCause(cause)
                .hasMessageContaining("t");
        assertThat(new TransactionalIdAuthorizationException(
                        "d", null, -1, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", cause))
                .hasCause(cause);
    }
}
