package io.sluice.protocol.types;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A Kafka UUID (topic ids, directory ids): 128 bits, shown the way Kafka shows them, as 22 characters of
 * URL-safe base64 without padding. {@link #ZERO} means "no id" on the wire.
 */
public record Uuid(long mostSignificantBits, long leastSignificantBits) {
    public static final Uuid ZERO = new Uuid(0L, 0L);

    public boolean isZero() {
        return mostSignificantBits == 0L && leastSignificantBits == 0L;
    }

    /** Parses the 22-character base64url form. */
    public static Uuid fromString(String s) {
        byte[] b = Base64.getUrlDecoder().decode(s);
        if (b.length != 16) {
            throw new IllegalArgumentException("not a 16-byte UUID: " + s);
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new Uuid(bb.getLong(), bb.getLong());
    }

    @Override
    public String toString() {
        ByteBuffer bb = ByteBuffer.allocate(16);
        bb.putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bb.array());
    }
}
