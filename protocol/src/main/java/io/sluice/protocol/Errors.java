package io.sluice.protocol;

/**
 * Every error code a Kafka 4.x broker can put on the wire, with Kafka's name for it and whether a producer
 * may send the same request again and expect it to succeed.
 *
 * <p>{@link #isRetriable()} is the producer's view: the condition is transient (a leader moving, a
 * coordinator loading, a replica catching up), so retrying after a metadata refresh or a backoff can
 * succeed. Errors a producer handles specially (sequence and epoch errors under idempotence, fencing) are
 * not retriable here; the sender decides what they mean.
 *
 * <p>{@link #forCode(short)} never throws: a code this enum does not know (a newer broker) maps to
 * {@link #UNKNOWN_SERVER_ERROR}; callers that must show the number keep the raw code next to it, and
 * {@link #describe(short)} renders both.
 */
public enum Errors {
    UNKNOWN_SERVER_ERROR(-1, false, "The server hit an unexpected error while handling the request."),
    NONE(0, false, "No error."),
    OFFSET_OUT_OF_RANGE(1, false, "The requested offset lies outside the range the server holds for the partition."),
    CORRUPT_MESSAGE(
            2,
            true,
            "A message failed its CRC check, exceeds the valid size, is null-valued on a compacted topic, or is otherwise corrupt."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "This server does not host the topic-partition."),
    INVALID_FETCH_SIZE(4, false, "The requested fetch size is invalid."),
    LEADER_NOT_AVAILABLE(5, true, "The partition has no leader right now, for example during an election."),
    NOT_LEADER_OR_FOLLOWER(
            6,
            true,
            "This server is not the leader (or a follower, for fetches) of the partition; the metadata is stale."),
    REQUEST_TIMED_OUT(7, true, "The request timed out on the server."),
    BROKER_NOT_AVAILABLE(8, false, "The broker is not available."),
    REPLICA_NOT_AVAILABLE(9, true, "The replica is not available for the requested partition."),
    MESSAGE_TOO_LARGE(10, false, "The request holds a message larger than the server accepts."),
    STALE_CONTROLLER_EPOCH(11, false, "The controller moved to another broker."),
    OFFSET_METADATA_TOO_LARGE(12, false, "The metadata attached to the offset commit is too large."),
    NETWORK_EXCEPTION(13, true, "The server disconnected before a response arrived."),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "The coordinator is still loading its state."),
    COORDINATOR_NOT_AVAILABLE(15, true, "The coordinator is not available."),
    NOT_COORDINATOR(16, true, "This server is not the coordinator for the key."),
    INVALID_TOPIC_EXCEPTION(17, false, "The request names an invalid topic, or tried to write to an internal topic."),
    RECORD_LIST_TOO_LARGE(18, false, "The request holds a record batch larger than the segment size allows."),
    NOT_ENOUGH_REPLICAS(19, true, "Fewer in-sync replicas than required; the write was refused."),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, "The write landed, but fewer in-sync replicas than required hold it."),
    INVALID_REQUIRED_ACKS(21, false, "The acks value is not one the server accepts."),
    ILLEGAL_GENERATION(22, false, "The group generation in the request is not the current one."),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The member's protocol type or protocols do not match the group's."),
    INVALID_GROUP_ID(24, false, "The group id is empty or null."),
    UNKNOWN_MEMBER_ID(25, false, "The coordinator does not know this member id."),
    INVALID_SESSION_TIMEOUT(26, false, "The session timeout is outside the range the broker allows."),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing; the member should rejoin."),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "The offset commit was refused because its metadata is too large."),
    TOPIC_AUTHORIZATION_FAILED(29, false, "Not authorized to access the topics."),
    GROUP_AUTHORIZATION_FAILED(30, false, "Not authorized to access the group."),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "The cluster authorization check failed."),
    INVALID_TIMESTAMP(32, false, "A timestamp in the batch is outside the range the topic accepts."),
    UNSUPPORTED_SASL_MECHANISM(33, false, "The broker does not support the requested SASL mechanism."),
    ILLEGAL_SASL_STATE(34, false, "The request is not valid in the current SASL state."),
    UNSUPPORTED_VERSION(35, false, "The broker does not support this version of the API."),
    TOPIC_ALREADY_EXISTS(36, false, "A topic with this name already exists."),
    INVALID_PARTITIONS(37, false, "The number of partitions is invalid."),
    INVALID_REPLICATION_FACTOR(38, false, "The replication factor is invalid."),
    INVALID_REPLICA_ASSIGNMENT(39, false, "The replica assignment is invalid."),
    INVALID_CONFIG(40, false, "The configuration is invalid."),
    NOT_CONTROLLER(41, true, "This broker is not the active controller."),
    INVALID_REQUEST(42, false, "The request is malformed or breaks a protocol rule; the broker log says more."),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, false, "The message format version on the broker does not support the request."),
    POLICY_VIOLATION(44, false, "The request breaks a policy configured on the broker."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(
            45, false, "The broker received a sequence number it did not expect next for this producer."),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "The broker already holds a batch with this sequence number."),
    INVALID_PRODUCER_EPOCH(
            47,
            false,
            "The producer epoch is older than the one the broker knows, or the request raced an epoch bump."),
    INVALID_TXN_STATE(48, false, "The operation is not allowed in the transaction's current state."),
    INVALID_PRODUCER_ID_MAPPING(49, false, "The producer id does not belong to the transactional id in the request."),
    INVALID_TRANSACTION_TIMEOUT(50, false, "The transaction timeout exceeds transaction.max.timeout.ms on the broker."),
    CONCURRENT_TRANSACTIONS(51, true, "Another transaction for this producer is still completing; retry shortly."),
    TRANSACTION_COORDINATOR_FENCED(
            52, false, "A newer transaction coordinator replaced the one that sent this request."),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, "Not authorized to use the transactional id."),
    SECURITY_DISABLED(54, false, "Security features are disabled on the broker."),
    OPERATION_NOT_ATTEMPTED(
            55, false, "The broker did not try the operation because another part of the batch failed."),
    KAFKA_STORAGE_ERROR(56, true, "A disk error on the broker made the log directory unavailable."),
    LOG_DIR_NOT_FOUND(57, false, "The log directory named in the request does not exist."),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL authentication failed."),
    UNKNOWN_PRODUCER_ID(
            59, false, "The broker has no state for this producer id, for example after its records were deleted."),
    REASSIGNMENT_IN_PROGRESS(60, false, "A partition reassignment is in progress."),
    DELEGATION_TOKEN_AUTH_DISABLED(61, false, "Delegation token authentication is disabled."),
    DELEGATION_TOKEN_NOT_FOUND(62, false, "The delegation token does not exist."),
    DELEGATION_TOKEN_OWNER_MISMATCH(63, false, "The principal does not own the delegation token."),
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(
            64, false, "Delegation token requests are not allowed on this connection's kind of authentication."),
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(65, false, "Not authorized for the delegation token operation."),
    DELEGATION_TOKEN_EXPIRED(66, false, "The delegation token has expired."),
    INVALID_PRINCIPAL_TYPE(67, false, "The principal type is not supported."),
    NON_EMPTY_GROUP(68, false, "The group still has members."),
    GROUP_ID_NOT_FOUND(69, false, "The group id does not exist."),
    FETCH_SESSION_ID_NOT_FOUND(70, true, "The fetch session id was not found."),
    INVALID_FETCH_SESSION_EPOCH(71, true, "The fetch session epoch is not the expected one."),
    LISTENER_NOT_FOUND(72, true, "The leader has no endpoint for the listener the request came in on."),
    TOPIC_DELETION_DISABLED(73, false, "Topic deletion is disabled on the broker."),
    FENCED_LEADER_EPOCH(74, true, "The leader epoch in the request is older than the broker's."),
    UNKNOWN_LEADER_EPOCH(75, true, "The leader epoch in the request is newer than the broker's."),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "The requesting client does not support the compression type of the data."),
    STALE_BROKER_EPOCH(77, false, "The broker epoch has changed."),
    OFFSET_NOT_AVAILABLE(78, true, "The leader high watermark has not caught up since a recent election."),
    MEMBER_ID_REQUIRED(79, false, "The group member must rejoin with the member id it was given."),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true, "The preferred leader was not available."),
    GROUP_MAX_SIZE_REACHED(81, false, "The group is already at its maximum size."),
    FENCED_INSTANCE_ID(82, false, "A newer member with the same group.instance.id fenced this one."),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, "No leader eligible under the requested election type is available."),
    ELECTION_NOT_NEEDED(84, true, "The leader election was not needed."),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "No partition reassignment is in progress."),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "The group still subscribes to the topic, so its offsets cannot be deleted."),
    INVALID_RECORD(87, false, "A record failed the broker's validation, so the whole batch was dropped."),
    UNSTABLE_OFFSET_COMMIT(88, true, "Unstable offsets are pending for the partition."),
    THROTTLING_QUOTA_EXCEEDED(89, true, "The request exceeded the throttling quota."),
    PRODUCER_FENCED(90, false, "A newer producer with the same transactional id fenced this one."),
    RESOURCE_NOT_FOUND(91, false, "The resource does not exist."),
    DUPLICATE_RESOURCE(92, false, "The request names the same resource more than once."),
    UNACCEPTABLE_CREDENTIAL(93, false, "The credential does not meet the broker's criteria."),
    INCONSISTENT_VOTER_SET(94, false, "The voter set does not match the quorum's."),
    INVALID_UPDATE_VERSION(95, false, "The update version is invalid."),
    FEATURE_UPDATE_FAILED(96, false, "The feature update could not be applied."),
    PRINCIPAL_DESERIALIZATION_FAILURE(97, false, "The forwarded principal could not be deserialized."),
    SNAPSHOT_NOT_FOUND(98, false, "The snapshot does not exist."),
    POSITION_OUT_OF_RANGE(99, false, "The requested position lies outside the snapshot."),
    UNKNOWN_TOPIC_ID(100, true, "This server does not know the topic id."),
    DUPLICATE_BROKER_REGISTRATION(101, false, "A broker with this id is already registered."),
    BROKER_ID_NOT_REGISTERED(102, false, "The broker id is not registered."),
    INCONSISTENT_TOPIC_ID(103, true, "The topic id in the request does not match the topic's id on the broker."),
    INCONSISTENT_CLUSTER_ID(104, false, "The cluster id in the request does not match the cluster's."),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "The transactional id does not exist."),
    FETCH_SESSION_TOPIC_ID_ERROR(106, true, "The fetch session saw a topic id change or a mix of names and ids."),
    INELIGIBLE_REPLICA(107, false, "The new ISR holds at least one ineligible replica."),
    NEW_LEADER_ELECTED(108, false, "A new leader was elected while the request was pending."),
    OFFSET_MOVED_TO_TIERED_STORAGE(109, false, "The requested offset has moved to tiered storage."),
    FENCED_MEMBER_EPOCH(110, false, "The member epoch is fenced by the coordinator."),
    UNRELEASED_INSTANCE_ID(111, false, "The instance id is still held by another member."),
    UNSUPPORTED_ASSIGNOR(112, false, "The assignor is not supported by the group."),
    STALE_MEMBER_EPOCH(113, false, "The member epoch is stale."),
    MISMATCHED_ENDPOINT_TYPE(114, false, "The request went to an endpoint of the wrong type."),
    UNSUPPORTED_ENDPOINT_TYPE(115, false, "This endpoint type is not supported yet."),
    UNKNOWN_CONTROLLER_ID(116, false, "The controller id is not known."),
    UNKNOWN_SUBSCRIPTION_ID(117, false, "The client telemetry subscription id is not known."),
    TELEMETRY_TOO_LARGE(118, false, "The client telemetry payload is too large."),
    INVALID_REGISTRATION(119, false, "The controller registration is invalid."),
    TRANSACTION_ABORTABLE(
            120, false, "The server hit an error the producer can recover from by aborting the transaction."),
    INVALID_RECORD_STATE(121, false, "The record state is invalid for this acknowledgement."),
    SHARE_SESSION_NOT_FOUND(122, true, "The share session was not found."),
    INVALID_SHARE_SESSION_EPOCH(123, true, "The share session epoch is invalid."),
    FENCED_STATE_EPOCH(124, false, "The share coordinator fenced the state epoch."),
    INVALID_VOTER_KEY(125, false, "The voter key does not match the receiving replica's key."),
    DUPLICATE_VOTER(126, false, "The voter is already part of the voter set."),
    VOTER_NOT_FOUND(127, false, "The voter is not part of the voter set."),
    INVALID_REGULAR_EXPRESSION(128, false, "The regular expression is invalid."),
    REBOOTSTRAP_REQUIRED(129, false, "The client must rebootstrap its view of the cluster."),
    STREAMS_INVALID_TOPOLOGY(130, false, "The streams topology is invalid."),
    STREAMS_INVALID_TOPOLOGY_EPOCH(131, false, "The streams topology epoch is invalid."),
    STREAMS_TOPOLOGY_FENCED(132, false, "The streams topology was fenced by a newer epoch."),
    SHARE_SESSION_LIMIT_REACHED(133, true, "The broker reached its limit of share sessions."),
    GROUP_DELETION_FAILED(134, false, "A group could not be deleted; the per-group result says why."),
    STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED(
            135, false, "The broker could not store the streams topology description."),
    CONTROLLER_ID_NOT_REGISTERED(136, false, "The controller id is not registered.");

    private static final int MAX_CODE = 136;
    private static final Errors[] BY_CODE = new Errors[MAX_CODE + 1];

    static {
        for (Errors e : values()) {
            if (e.code >= 0) {
                BY_CODE[e.code] = e;
            }
        }
    }

    private final short code;
    private final boolean retriable;
    private final String description;

    Errors(int code, boolean retriable, String description) {
        this.code = (short) code;
        this.retriable = retriable;
        this.description = description;
    }

    /** The number on the wire. */
    public short code() {
        return code;
    }

    /** True when a producer may send the request again and expect it to succeed. */
    public boolean isRetriable() {
        return retriable;
    }

    /** One sentence saying what went wrong. */
    public String description() {
        return description;
    }

    /** True for every value but {@link #NONE}. */
    public boolean isError() {
        return this != NONE;
    }

    /** The error for {@code code}; a code this enum does not know gives {@link #UNKNOWN_SERVER_ERROR}. */
    public static Errors forCode(short code) {
        if (code >= 0 && code <= MAX_CODE) {
            return BY_CODE[code];
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /** True when this enum has a value of its own for {@code code}. */
    public static boolean isKnown(short code) {
        return code == -1 || (code >= 0 && code <= MAX_CODE);
    }

    /** Renders a wire code for a log line or an exception message, keeping an unknown number visible. */
    public static String describe(short code) {
        Errors e = forCode(code);
        if (!isKnown(code)) {
            return "UNKNOWN_SERVER_ERROR (unknown code " + code + ")";
        }
        return e.name() + " (" + code + "): " + e.description;
    }
}
