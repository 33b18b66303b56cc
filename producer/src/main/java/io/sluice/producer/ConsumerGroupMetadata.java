package io.sluice.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * The consumer group a transaction commits offsets for, with {@link SluiceProducer#sendOffsetsToTransaction}. Pass
 * what the consumer reports (kafka-clients' {@code consumer.groupMetadata()}): with the generation and member id
 * the group coordinator rejects commits from a consumer that has been kicked out of the group (zombie fencing,
 * KIP-447). Built from the group id alone, the commit is not tied to a generation.
 *
 * @param groupId the consumer group id, never null
 * @param generationId the group generation, or {@code -1} when not known
 * @param memberId the consumer's member id, or empty when not known
 * @param groupInstanceId the static member id ({@code group.instance.id}), or empty
 */
public record ConsumerGroupMetadata(
        String groupId, int generationId, String memberId, Optional<String> groupInstanceId) {
    /** The generation id meaning "not tied to a generation". */
    public static final int UNKNOWN_GENERATION_ID = -1;

    /** The member id meaning "not tied to a member". */
    public static final String UNKNOWN_MEMBER_ID = "";

    /**
     * Creates the value.
     *
     * @throws NullPointerException when {@code groupId} or {@code memberId} is null
     */
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        groupInstanceId = groupInstanceId == null ? Optional.empty() : groupInstanceId;
    }

    /** Metadata for a group id alone: generation {@code -1}, empty member id, no group instance id. */
    public ConsumerGroupMetadata(String groupId) {
        this(groupId, UNKNOWN_GENERATION_ID, UNKNOWN_MEMBER_ID, Optional.empty());
    }
}
