package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedKafkaTest {
    private static KafkaCluster fromBeforeAll;

    @BeforeAll
    static void resolveInBeforeAll(KafkaCluster kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void everyUnmarkedParameterGetsTheSameSingleNode(KafkaCluster kafka) {
        assertThat(kafka).isSameAs(fromBeforeAll);
        assertThat(kafka.brokerIds()).containsExactly(1);
    }

    @Nested
    class InAnotherClass {
        @Test
        void theSameClustersAreHandedOut(KafkaCluster single, @ThreeBrokers KafkaCluster three) {
            assertThat(single).isSameAs(fromBeforeAll);
            assertThat(three).isNotSameAs(single);
            assertThat(three.brokerIds()).containsExactly(1, 2, 3);
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WhenATestLeavesABrokerStopped {
        @Test
        @Order(1)
        void stopsABrokerAndLeavesItDown(@ThreeBrokers KafkaCluster three) {
            three.stopBroker(2);
            assertThat(three.runningBrokerIds()).containsExactly(1, 3);
        }

        @Test
        @Order(2)
        void theNextTestGetsEveryBrokerRunning(@ThreeBrokers KafkaCluster three) {
            assertThat(three.runningBrokerIds()).containsExactly(1, 2, 3);
        }
    }
}
