package io.sluice.producer.internal.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The few protobuf wire types OTLP metrics need, written into a growable array. A nested message is written
 * into a child writer first and then copied in behind its length, because protobuf puts a message's length
 * (a varint) before it; a telemetry payload is small and built once per push interval, so the copy is cheap.
 *
 * <pre>
 * field key = varint (field_number &lt;&lt; 3 | wire_type)
 * wire type 0 VARINT: uint32/uint64/bool/enum    wire type 1 I64: fixed64, double (little-endian)
 * wire type 2 LEN:    varint length, then bytes (strings, nested messages)
 * </pre>
 */
final class ProtobufWriter {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;

    private byte[] buf = new byte[64];
    private int size;

    /** Writes field {@code field} as a UTF-8 string; empty strings are left out, as proto3 does. */
    ProtobufWriter string(int field, String value) {
        return value == null || value.isEmpty() ? this : stringAlways(field, value);
    }

    /** Writes field {@code field} as a UTF-8 string even when empty: in a {@code oneof} that says which is set. */
    ProtobufWriter stringAlways(int field, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        key(field, LEN);
        varint(utf8.length);
        raw(utf8, 0, utf8.length);
        return this;
    }

    /** Writes field {@code field} as a varint (uint64, enum); zero is left out, as proto3 does. */
    ProtobufWriter uint64(int field, long value) {
        if (value == 0) {
            return this;
        }
        key(field, VARINT);
        varint(value);
        return this;
    }

    /** Writes field {@code field} as a bool; false is left out, as proto3 does. */
    ProtobufWriter bool(int field, boolean value) {
        return uint64(field, value ? 1 : 0);
    }

    /** Writes field {@code field} as fixed64; zero is left out, as proto3 does. */
    ProtobufWriter fixed64(int field, long value) {
        if (value == 0) {
            return this;
        }
        key(field, I64);
        littleEndian64(value);
        return this;
    }

    /**
     * Writes field {@code field} as a double, always: it sits in a {@code oneof}, where even 0.0 says which
     * member is set.
     */
    ProtobufWriter doubleAlways(int field, double value) {
        key(field, I64);
        littleEndian64(Double.doubleToRawLongBits(value));
        return this;
    }

    /** Writes field {@code field} as a nested message whose fields {@code body} writes. */
    ProtobufWriter message(int field, Consumer<ProtobufWriter> body) {
        ProtobufWriter nested = new ProtobufWriter();
        body.accept(nested);
        key(field, LEN);
        varint(nested.size);
        raw(nested.buf, 0, nested.size);
        return this;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void littleEndian64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    private void raw(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, size, length);
        size += length;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
