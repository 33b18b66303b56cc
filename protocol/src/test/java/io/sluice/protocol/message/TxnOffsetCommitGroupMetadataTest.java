package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.types.ByteWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TxnOffsetCommit carries the consumer's group metadata (generation, member id, group instance id) from v3 on, which
 * brokers have from Kafka 2.5. An older version cannot carry it, and dropping it would silently give up the
 * coordinator's fencing of a stale consumer, so writing it there fails, as kafka-clients refuses too.
 */
class TxnOffsetCommitGroupMetadataTest {
    private static final List<TxnOffsetCommitRequest.Topic> TOPICS = List.of(
            new TxnOffsetCommitRequest.Topic("in", List.of(new TxnOffsetCommitRequest.Partition(0, 42, -1, null))));

    @Test
    void groupMetadataBelowV3IsRefusedRatherThanDropped() {
        for (short v = 0; v < 3; v++) {
            short version = v;
            assertThatThrownBy(() -> write(request(7, "member-1", null), version))
                    .as("v%d", version)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("v3")
                    .hasMessageContaining("2.5");
            assertThatThrownBy(() -> write(request(-1, "", "instance-1"), version))
                    .as("v%d with a group instance id only", version)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aGroupIdAloneIsWrittenAtEveryVersion() {
        for (short v = ApiKey.TXN_OFFSET_COMMIT.oldestVersion(); v <= ApiKey.TXN_OFFSET_COMMIT.latestVersion(); v++) {
            assertThat(write(request(-1, "", null), v)).as("v%d", v).isPositive();
        }
    }

    @Test
    void groupMetadataFromV3IsWritten() {
        for (short v = 3; v <= ApiKey.TXN_OFFSET_COMMIT.latestVersion(); v++) {
            assertThat(write(request(7, "member-1", "instance-1"), v))
                    .as("v%d", v)
                    .isPositive();
        }
    }

    private static TxnOffsetCommitRequest request(int generationId, String memberId, String groupInstanceId) {
        return new TxnOffsetCommitRequest("tx", "g", 5L, (short) 0, generationId, memberId, groupInstanceId, TOPICS);
    }

    private static int write(TxnOffsetCommitRequest request, short version) {
        ByteWriter w = new ByteWriter(256);
        request.write(w, version);
        return w.position();
    }
}
