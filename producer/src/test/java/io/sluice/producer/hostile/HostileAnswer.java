package io.sluice.producer.hostile;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ways {@link FakeBroker} can answer a request wrongly. Each is built from the right answer, so it breaks
 * exactly one thing about it.
 *
 * <pre>
 * right answer:  | size:4 | correlation id | [tags] | body ........................ |
 * </pre>
 *
 * <p>The body corruptions ({@link #BAD_ARRAY_COUNT}, {@link #BAD_STRING_LENGTH}, {@link #BAD_VARINT}) know the
 * layouts of the flexible Produce (v9+) and Metadata (v9+) responses, the versions a current client speaks.
 */
enum HostileAnswer {
    /** A frame whose size prefix matches a body cut in half: the decoder runs out of bytes mid-field. */
    TRUNCATED_BODY,
    /** A size prefix claiming 2 GiB - 1 bytes, more than any client accepts, then the real bytes. */
    HUGE_SIZE_PREFIX,
    /**
     * A size prefix claiming {@link #LYING_CLAIM} bytes (within the client's frame limit), then 16 KiB of zeroes
     * and silence: what the client allocates for it shows whether it trusts a claim.
     */
    LYING_SIZE_PREFIX,
    /** The first array of the body claims about 268 million elements. */
    BAD_ARRAY_COUNT,
    /** A string (Produce: the partition's error message; Metadata: the first broker's host) claims 268 MB. */
    BAD_STRING_LENGTH,
    /** The first varint of the body runs six bytes with every continuation bit set. */
    BAD_VARINT,
    /** The right answer with a correlation id no request of the connection carries. */
    WRONG_CORRELATION_ID,
    /** A Produce answer whose partitions carry error code 9999, which no Kafka version defines. */
    UNKNOWN_ERROR_CODE,
    /** An HTTP error page instead of a Kafka frame: what a client pointed at the wrong port reads. */
    GARBAGE,
    /** No answer, to this request or any later one on the connection: a broker that hangs. */
    NO_ANSWER,
    /** The size prefix and half the frame, then the connection is closed. */
    CLOSE_MID_FRAME;

    /** What {@link #LYING_SIZE_PREFIX} claims: 200 MiB. */
    static final int LYING_CLAIM = 200 << 20;

    /** An error code no Kafka version defines. */
    static final short UNKNOWN_CODE = 9999;

    /** A count or length far past any frame: 2^28 - 1. */
    private static final int HUGE = (1 << 28) - 1;

    /** What the connection does after a hostile answer. */
    enum Then {
        KEEP_SERVING,
        GO_SILENT,
        CLOSE
    }

    /** The bytes to write instead of the right frame, and what to do next. */
    record Rendering(byte[] bytes, Then then) {}

    /**
     * Renders this fault from the right answer.
     *
     * @param key the request's API
     * @param version the request's version, which the answer is written at
     * @param correlationId the request's correlation id
     * @param rightFrame the right answer as a whole frame, size prefix included
     * @param unknownCodeFrame for {@link #UNKNOWN_ERROR_CODE}, the right answer with error code {@link
     *     #UNKNOWN_CODE}; null otherwise
     */
    Rendering render(ApiKey key, short version, int correlationId, byte[] rightFrame, byte[] unknownCodeFrame) {
        int headerLength = headerLength(key, version);
        byte[] body = Arrays.copyOfRange(rightFrame, 4 + headerLength, rightFrame.length);
        return switch (this) {
            case TRUNCATED_BODY -> keep(frame(key, version, correlationId, Arrays.copyOf(body, body.length / 2)));
            case HUGE_SIZE_PREFIX -> keep(withSize(Integer.MAX_VALUE, rightFrame));
            case LYING_SIZE_PREFIX -> new Rendering(withSize(LYING_CLAIM, new byte[4 + 16 * 1024]), Then.GO_SILENT);
            case BAD_ARRAY_COUNT -> keep(frame(key, version, correlationId, badArrayCount(key, version, body)));
            case BAD_STRING_LENGTH -> keep(frame(key, version, correlationId, badStringLength(key, version, body)));
            case BAD_VARINT -> keep(frame(key, version, correlationId, badVarint(key, version, body)));
            case WRONG_CORRELATION_ID -> keep(frame(key, version, correlationId + 1_000_000, body));
            case UNKNOWN_ERROR_CODE -> {
                if (unknownCodeFrame == null) {
                    throw new UnsupportedOperationException(this + " is only scripted for Produce");
                }
                yield keep(unknownCodeFrame);
            }
            case GARBAGE ->
                keep("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            case NO_ANSWER -> new Rendering(new byte[0], Then.GO_SILENT);
            case CLOSE_MID_FRAME ->
                new Rendering(Arrays.copyOf(rightFrame, 4 + (rightFrame.length - 4) / 2), Then.CLOSE);
        };
    }

    private static Rendering keep(byte[] bytes) {
        return new Rendering(bytes, Then.KEEP_SERVING);
    }

    private static int headerLength(ApiKey key, short version) {
        return key.responseHeaderVersion(version) >= 1 ? 5 : 4;
    }

    /** A whole frame around {@code body}, with a correct size prefix. */
    static byte[] frame(ApiKey key, short version, int correlationId, byte[] body) {
        ByteWriter w = new ByteWriter(body.length + 16);
        int start = w.skip(4);
        ResponseHeader.write(w, key, version, correlationId);
        w.writeBytes(body);
        w.putInt(start, w.position() - start - 4);
        return w.toByteArray();
    }

    private static byte[] withSize(int size, byte[] frame) {
        byte[] out = frame.clone();
        out[0] = (byte) (size >>> 24);
        out[1] = (byte) (size >>> 16);
        out[2] = (byte) (size >>> 8);
        out[3] = (byte) size;
        return out;
    }

    /** Where the body's first array count (a varint in flexible versions) starts. */
    private static int firstArrayOffset(ApiKey key, short version) {
        requireFlexible(key, version);
        return switch (key) {
            case PRODUCE -> 0; // responses[]
            case METADATA -> 4; // throttle_time_ms, then brokers[]
            default -> throw new UnsupportedOperationException("no body corruption scripted for " + key);
        };
    }

    private static byte[] badArrayCount(ApiKey key, short version, byte[] body) {
        int at = firstArrayOffset(key, version);
        ByteReader countReader = ByteReader.of(Arrays.copyOfRange(body, at, body.length));
        countReader.readUnsignedVarint();
        ByteWriter w = new ByteWriter(body.length + 8);
        w.writeBytes(body, 0, at);
        w.writeUnsignedVarint(HUGE + 1);
        w.writeBytes(body, at + countReader.position(), body.length - at - countReader.position());
        return w.toByteArray();
    }

    private static byte[] badVarint(ApiKey key, short version, byte[] body) {
        int at = firstArrayOffset(key, version);
        ByteWriter w = new ByteWriter(body.length + 8);
        w.writeBytes(body, 0, at);
        for (int i = 0; i < 6; i++) {
            w.writeByte(0xFF);
        }
        w.writeBytes(body, at, body.length - at);
        return w.toByteArray();
    }

    /**
     * A body that is right up to one string, whose length then claims 268 MB. Produce v9+: one topic, one
     * partition, and the partition's error message; Metadata v9+: the first broker's host.
     */
    private static byte[] badStringLength(ApiKey key, short version, byte[] body) {
        requireFlexible(key, version);
        ByteWriter w = new ByteWriter(64);
        if (key == ApiKey.PRODUCE) {
            ByteReader r = ByteReader.of(body);
            r.readCompactArrayLength("responses");
            int topicBytes = version >= 13 ? 16 : r.readUnsignedVarint() - 1;
            r.readRaw(topicBytes, "topic");
            w.writeBytes(body, 0, r.position());
            w.writeCompactArrayLength(1);
            w.writeInt(0); // partition index
            w.writeShort(0); // error code
            w.writeLong(0); // base offset
            w.writeLong(-1); // log append time
            w.writeLong(0); // log start offset
            w.writeCompactArrayLength(0); // record errors
            w.writeUnsignedVarint(HUGE + 1); // error message: the lying length
        } else if (key == ApiKey.METADATA) {
            w.writeInt(0); // throttle
            w.writeCompactArrayLength(1);
            w.writeInt(1); // node id
            w.writeUnsignedVarint(HUGE + 1); // host: the lying length
        } else {
            throw new UnsupportedOperationException("no string corruption scripted for " + key);
        }
        w.writeBytes("just a few bytes".getBytes(StandardCharsets.US_ASCII));
        return w.toByteArray();
    }

    private static void requireFlexible(ApiKey key, short version) {
        if (!key.isFlexible(version)) {
            throw new UnsupportedOperationException(key + " v" + version + " is not flexible");
        }
    }
}
