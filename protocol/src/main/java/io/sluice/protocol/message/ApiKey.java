package io.sluice.protocol.message;

/**
 * The Kafka APIs this library speaks, each with the range of versions it can encode and decode.
 *
 * <p>A version is <em>flexible</em> (KIP-482) from {@code firstFlexibleVersion} on: strings, arrays and bytes
 * use compact (varint) lengths, every structure ends in a tagged-field section, the request header is v2 and
 * the response header v1. ApiVersions is the exception on the response side: its response header is always
 * v0, so a client can read the answer before it knows which versions the broker speaks.
 */
public enum ApiKey {
    /** Writes record batches to partition leaders. */
    PRODUCE(0, 3, 13, 9),
    /** Brokers, topics, partitions and their leaders. */
    METADATA(3, 0, 13, 9),
    /** Finds the group or transaction coordinator of a key. */
    FIND_COORDINATOR(10, 0, 6, 3),
    /** Chooses the SASL mechanism before authenticating. */
    SASL_HANDSHAKE(17, 0, 1, Short.MAX_VALUE),
    /** The versions of every API the broker supports; the first request on a connection. */
    API_VERSIONS(18, 0, 5, 3),
    /** Creates topics (used by tools, not by the producer). */
    CREATE_TOPICS(19, 2, 7, 5),
    /** Gets a producer id and epoch, for idempotence and transactions. */
    INIT_PRODUCER_ID(22, 0, 5, 2),
    /** Adds partitions to the ongoing transaction. */
    ADD_PARTITIONS_TO_TXN(24, 0, 3, 3),
    /** Adds a consumer group's offsets to the ongoing transaction. */
    ADD_OFFSETS_TO_TXN(25, 0, 4, 3),
    /** Commits or aborts the ongoing transaction. */
    END_TXN(26, 0, 5, 3),
    /** Commits consumer offsets as part of the ongoing transaction. */
    TXN_OFFSET_COMMIT(28, 0, 5, 3),
    /** Carries the SASL authentication exchange. */
    SASL_AUTHENTICATE(36, 0, 2, 2),
    /** Asks which client metrics to push, and how often (KIP-714). */
    GET_TELEMETRY_SUBSCRIPTIONS(71, 0, 0, 0),
    /** Carries the subscribed client metrics to the broker (KIP-714). */
    PUSH_TELEMETRY(72, 0, 0, 0);

    private static final ApiKey[] BY_ID = new ApiKey[73];

    static {
        for (ApiKey k : values()) {
            BY_ID[k.id] = k;
        }
    }

    private final short id;
    private final short oldestVersion;
    private final short latestVersion;
    private final short firstFlexibleVersion;

    /** {@code firstFlexibleVersion} is {@code Short.MAX_VALUE} for an API with no flexible version. */
    ApiKey(int id, int oldestVersion, int latestVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.oldestVersion = (short) oldestVersion;
        this.latestVersion = (short) latestVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
    }

    /** The API key on the wire. */
    public short id() {
        return id;
    }

    /** The oldest version this library encodes and decodes. */
    public short oldestVersion() {
        return oldestVersion;
    }

    /** The newest version this library encodes and decodes. */
    public short latestVersion() {
        return latestVersion;
    }

    /** True when {@code version} is within {@link #oldestVersion()}..{@link #latestVersion()}. */
    public boolean isSupported(short version) {
        return version >= oldestVersion && version <= latestVersion;
    }

    /** True when {@code version} uses compact lengths and tagged fields. */
    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    /** Request header version for a request of this API at {@code version}: 2 if flexible, else 1. */
    public short requestHeaderVersion(short version) {
        return (short) (isFlexible(version) ? 2 : 1);
    }

    /**
     * Response header version for a response of this API at {@code version}: 1 if flexible, else 0; always 0
     * for ApiVersions.
     */
    public short responseHeaderVersion(short version) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return (short) (isFlexible(version) ? 1 : 0);
    }

    /** The API with wire key {@code id}, or null if this library does not speak it. */
    public static ApiKey forId(short id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Throws {@link IllegalArgumentException} unless {@code version} is one this library encodes. */
    void checkVersion(short version) {
        if (!isSupported(version)) {
            throw new IllegalArgumentException(
                    name() + " version " + version + " outside supported " + oldestVersion + ".." + latestVersion);
        }
    }
}
