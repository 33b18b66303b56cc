package io.sluice.producer;

import io.sluice.producer.errors.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The definition of settings: name, type, default, validator and documentation, plus parsing of user values with
 * the same leniency as Kafka's client (numbers and booleans as strings, lists as comma-separated strings, classes
 * as names or {@code Class} objects, surrounding whitespace trimmed).
 */
final class ConfigDef {
    /** The type of a setting's value. */
    enum Type {
        BOOLEAN,
        STRING,
        INT,
        SHORT,
        LONG,
        DOUBLE,
        LIST,
        CLASS,
        PASSWORD
    }

    /** Checks one parsed value; throws {@link ConfigException} naming key, value and rule. */
    @FunctionalInterface
    interface Validator {
        void ensureValid(String name, Object value);
    }

    /** Marks a setting without a default: it must be given. */
    static final Object NO_DEFAULT = new Object();

    /** One setting. */
    record Key(String name, Type type, Object defaultValue, Validator validator, String doc) {
        boolean hasDefault() {
            return defaultValue != NO_DEFAULT;
        }
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    ConfigDef define(String name, Type type, Object defaultValue, Validator validator, String doc) {
        if (keys.containsKey(name)) {
            throw new IllegalStateException("Setting " + name + " is defined twice");
        }
        Object parsedDefault = defaultValue == NO_DEFAULT || defaultValue == null
                ? defaultValue
                : parse(name, type, defaultValue, n -> n);
        keys.put(name, new Key(name, type, parsedDefault, validator, doc));
        return this;
    }

    ConfigDef define(String name, Type type, Object defaultValue, String doc) {
        return define(name, type, defaultValue, null, doc);
    }

    Map<String, Key> keys() {
        return keys;
    }

    /**
     * Parses and validates every defined setting from the user's values.
     *
     * @param originals the user's settings
     * @param classResolver maps a class name to a class (so well-known Kafka names can map to built-ins)
     */
    Map<String, Object> parse(Map<String, ?> originals, Function<String, Object> classResolver) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            Object value;
            if (originals.containsKey(key.name())) {
                value = parse(key.name(), key.type(), originals.get(key.name()), classResolver);
            } else if (key.hasDefault()) {
                value = key.defaultValue();
            } else {
                throw new ConfigException(
                        "Missing required configuration \"" + key.name() + "\" which has no default value.");
            }
            if (key.validator() != null) {
                key.validator().ensureValid(key.name(), value);
            }
            values.put(key.name(), value);
        }
        return values;
    }

    static Object parse(String name, Type type, Object value, Function<String, Object> classResolver) {
        if (value == null) {
            return null;
        }
        Object trimmed = value instanceof String s ? s.trim() : value;
        try {
            return switch (type) {
                case BOOLEAN -> parseBoolean(name, trimmed);
                case STRING -> requireType(name, trimmed, String.class, "a string");
                case PASSWORD -> parsePassword(name, trimmed);
                case INT -> trimmed instanceof Integer i ? i : parseNumber(name, trimmed, Integer::parseInt, "an int");
                case SHORT -> trimmed instanceof Short s ? s : parseNumber(name, trimmed, Short::parseShort, "a short");
                case LONG ->
                    trimmed instanceof Integer i
                            ? Long.valueOf(i)
                            : trimmed instanceof Long l ? l : parseNumber(name, trimmed, Long::parseLong, "a long");
                case DOUBLE ->
                    trimmed instanceof Number n
                            ? Double.valueOf(n.doubleValue())
                            : parseNumber(name, trimmed, Double::parseDouble, "a double");
                case LIST -> parseList(name, trimmed);
                case CLASS -> parseClass(name, trimmed, classResolver);
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "Not a number of type " + type);
        }
    }

    private static Object parseBoolean(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw new ConfigException(name, value, "Expected value to be either true or false");
    }

    private static Object parsePassword(String name, Object value) {
        if (value instanceof Password p) {
            return p;
        }
        if (value instanceof String s) {
            return new Password(s);
        }
        throw new ConfigException(
                name,
                "[hidden]",
                "Expected value to be a string, but it was a "
                        + value.getClass().getName());
    }

    private static Object requireType(String name, Object value, Class<?> type, String what) {
        if (type.isInstance(value)) {
            return value;
        }
        throw new ConfigException(
                name,
                value,
                "Expected value to be " + what + ", but it was a "
                        + value.getClass().getName());
    }

    private static Object parseNumber(String name, Object value, Function<String, Object> parser, String what) {
        if (value instanceof String s) {
            return parser.apply(s);
        }
        throw new ConfigException(
                name,
                value,
                "Expected value to be " + what + ", but it was a "
                        + value.getClass().getName());
    }

    private static Object parseList(String name, Object value) {
        if (value instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c.size());
            for (Object o : c) {
                copy.add(o instanceof String s ? s.trim() : o);
            }
            return List.copyOf(copy);
        }
        if (value instanceof String s) {
            if (s.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(s.split("\\s*,\\s*", -1)).map(String::trim).toList();
        }
        throw new ConfigException(name, value, "Expected a comma separated list.");
    }

    private static Object parseClass(String name, Object value, Function<String, Object> classResolver) {
        if (value instanceof Class<?> c) {
            return c;
        }
        if (value instanceof String s) {
            Object resolved = classResolver.apply(s);
            if (resolved == null) {
                throw new ConfigException(name, value, "Class " + s + " could not be found.");
            }
            return resolved;
        }
        throw new ConfigException(name, value, "Expected a Class instance or class name.");
    }

    // ------------------------------------------------------------------ validators

    static Validator atLeast(long min) {
        return (name, value) -> {
            if (value == null) {
                throw new ConfigException(name, null, "Value must be non-null");
            }
            if (((Number) value).doubleValue() < min) {
                throw new ConfigException(name, value, "Value must be at least " + min);
            }
        };
    }

    static Validator between(long min, long max) {
        return (name, value) -> {
            if (value == null) {
                throw new ConfigException(name, null, "Value must be non-null");
            }
            double v = ((Number) value).doubleValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "Value must be in the range [" + min + ", " + max + "]");
            }
        };
    }

    static Validator betweenDouble(double min, double max) {
        return (name, value) -> {
            double v = ((Number) value).doubleValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "Value must be in the range [" + min + ", " + max + "]");
            }
        };
    }

    static Validator in(String... allowed) {
        List<String> list = List.of(allowed);
        return (name, value) -> {
            if (!list.contains(value)) {
                throw new ConfigException(name, value, "String must be one of: " + String.join(", ", list));
            }
        };
    }

    static Validator inIgnoreCase(String... allowed) {
        List<String> list = List.of(allowed);
        return (name, value) -> {
            if (value == null
                    || !list.contains(((String) value).toUpperCase(Locale.ROOT))
                            && !list.contains(((String) value).toLowerCase(Locale.ROOT))) {
                throw new ConfigException(
                        name, value, "String must be one of (case insensitive): " + String.join(", ", list));
            }
        };
    }

    static Validator nonEmptyStringOrNull() {
        return (name, value) -> {
            if (value != null && ((String) value).isEmpty()) {
                throw new ConfigException(name, value, "String may not be empty");
            }
        };
    }

    static Validator noDuplicates() {
        return (name, value) -> {
            if (value == null) {
                return;
            }
            List<?> list = (List<?>) value;
            Set<Object> seen = new HashSet<>();
            for (Object o : list) {
                if (o instanceof String s && s.isEmpty()) {
                    throw new ConfigException(name, value, "Configuration may not contain empty entries");
                }
                if (!seen.add(o)) {
                    throw new ConfigException(name, value, "Values must not be duplicated: " + o);
                }
            }
        };
    }

    /** A secret value that never shows in {@code toString()}, logs or error messages. */
    static final class Password {
        private final String value;

        Password(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        @Override
        public String toString() {
            return "[hidden]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Password p && p.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }
}
