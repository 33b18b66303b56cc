package io.sluice.protocol.message;

import io.sluice.protocol.types.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random field values for the message properties, driven by a seed jqwik picks, so a failing case is
 * reported with the seed that reproduces it.
 */
final class Gen {
    private static final String[] SAMPLES = {"", "a", "topic-1", "ünïcødé-✓", "x".repeat(300), "__consumer_offsets"};
    private final Random random;

    Gen(long seed) {
        this.random = new Random(seed);
    }

    boolean bool() {
        return random.nextBoolean();
    }

    byte int8() {
        return (byte) random.nextInt();
    }

    short int16() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Short.MAX_VALUE;
            default -> (short) random.nextInt();
        };
    }

    int int32() {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MAX_VALUE;
            case 3 -> Integer.MIN_VALUE;
            default -> random.nextInt();
        };
    }

    long int64() {
        return switch (random.nextInt(4)) {
            case 0 -> 0L;
            case 1 -> -1L;
            case 2 -> Long.MIN_VALUE;
            default -> random.nextLong();
        };
    }

    int nonNegative(int bound) {
        return random.nextInt(bound);
    }

    String string() {
        if (random.nextInt(3) == 0) {
            return SAMPLES[random.nextInt(SAMPLES.length)];
        }
        int len = random.nextInt(20);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append((char) (random.nextInt(3) == 0 ? 0x80 + random.nextInt(0x700) : 'a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    /** A random string made unique by its index, for fields Kafka keys collections by. */
    String uniqueString(int index) {
        return string() + "#" + index;
    }

    String nullableString() {
        return random.nextInt(4) == 0 ? null : string();
    }

    byte[] bytes() {
        byte[] b = new byte[random.nextInt(40)];
        random.nextBytes(b);
        return b;
    }

    Uuid uuid() {
        return random.nextInt(5) == 0 ? Uuid.ZERO : new Uuid(random.nextLong(), random.nextLong());
    }

    /** A non-zero id, for fields that must name something. */
    Uuid nonZeroUuid() {
        Uuid u = new Uuid(random.nextLong(), random.nextLong());
        return u.isZero() ? new Uuid(1, 1) : u;
    }

    <T> List<T> list(int max, Supplier<T> element) {
        int n = random.nextInt(max + 1);
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.get());
        }
        return list;
    }

    List<Integer> ints(int max) {
        return list(max, this::int32);
    }
}
