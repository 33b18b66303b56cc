package io.sluice.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * Creates kafka-clients plug-ins named by class or class name in a setting, as kafka-clients does: the class must
 * implement the setting's interface and have a public no-argument constructor; anything else is a
 * {@link ConfigException} naming the setting.
 */
final class KafkaPlugins {
    private KafkaPlugins() {}

    /** Returns the class a setting's value names, or {@code null} when the value is null or blank. */
    static Class<?> classOf(String setting, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Class<?> c) {
            return c;
        }
        String name = value.toString().trim();
        if (name.isEmpty()) {
            return null;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, true, context != null ? context : KafkaPlugins.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(name, true, KafkaPlugins.class.getClassLoader());
            } catch (ClassNotFoundException e2) {
                throw new ConfigException(setting, value, "Class " + name + " could not be found.");
            }
        }
    }

    /** Creates an instance of the class {@code value} names, checking it is an {@code expected}. */
    static <T> T create(String setting, Object value, Class<T> expected) {
        Class<?> type = classOf(setting, value);
        if (type == null) {
            return null;
        }
        return instantiate(setting, type, expected);
    }

    static <T> T instantiate(String setting, Class<?> type, Class<T> expected) {
        if (!expected.isAssignableFrom(type)) {
            throw new ConfigException(
                    setting, type.getName(), type.getName() + " is not an instance of " + expected.getName());
        }
        try {
            return expected.cast(type.getDeclaredConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new ConfigException(
                    setting, type.getName(), "Could not find a public no-argument constructor for " + type.getName());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            ConfigException failure = new ConfigException(
                    setting, type.getName(), "Could not instantiate class " + type.getName() + ": " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    /** Creates one instance per class a list-valued setting names ({@code List} or comma-separated string). */
    static <T> List<T> createAll(String setting, Object value, Class<T> expected) {
        List<T> out = new ArrayList<>();
        for (Object item : items(value)) {
            T instance = create(setting, item, expected);
            if (instance != null) {
                out.add(instance);
            }
        }
        return out;
    }

    static List<?> items(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Class<?>) {
            return List.of(value);
        }
        String s = value.toString().trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s*,\\s*"));
    }

    /** Closes each of {@code closeables}, keeping the first failure. */
    static void closeAll(Throwable first, Object... closeables) {
        for (Object o : closeables) {
            try {
                if (o instanceof AutoCloseable c) {
                    c.close();
                }
            } catch (Exception e) {
                if (first != null) {
                    first.addSuppressed(e);
                }
            }
        }
    }
}
