package io.sluice.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small parser for the GNU-style flags Kafka's tools use: {@code --name value}, {@code --name=value},
 * boolean switches, and list flags such as {@code --producer-props k=v k=v} that take every following
 * word up to the next flag. Every problem becomes a {@link UsageException} naming the flag.
 */
final class Flags {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Flags() {}

    /**
     * Parses {@code args}.
     *
     * @param single flags taking exactly one value
     * @param lists flags taking one or more values (repeatable)
     * @param switches flags taking no value
     */
    static Flags parse(String[] args, Set<String> single, Set<String> lists, Set<String> switches) {
        Flags flags = new Flags();
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            List<String> target = flags.values.computeIfAbsent(name, k -> new ArrayList<>());
            if (switches.contains(name)) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
            } else if (single.contains(name)) {
                if (!target.isEmpty()) {
                    throw new UsageException("--" + name + " given twice");
                }
                if (inline == null) {
                    if (i >= args.length || args[i].startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    inline = args[i++];
                }
                target.add(inline);
            } else if (lists.contains(name)) {
                if (inline != null) {
                    target.add(inline);
                }
                while (i < args.length && !args[i].startsWith("--")) {
                    target.add(args[i++]);
                }
                if (target.isEmpty()) {
                    throw new UsageException("--" + name + " needs at least one value");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return flags;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    List<String> list(String name) {
        return values.getOrDefault(name, List.of());
    }

    long getLong(String name, long fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    int getInt(String name, int fallback) {
        long v = getLong(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + " is out of range: " + v);
        }
        return (int) v;
    }

    double getDouble(String name, double fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }
}
