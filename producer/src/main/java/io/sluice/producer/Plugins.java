package io.sluice.producer;

import io.sluice.producer.errors.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/** Creates the instances named by class-valued settings, checking they implement what the setting needs. */
final class Plugins {
    private Plugins() {}

    static <T> T create(String key, Object classOrName, Class<T> expected) {
        Class<?> type;
        if (classOrName instanceof Class<?> c) {
            type = c;
        } else {
            Object resolved = KnownClasses.resolve(String.valueOf(classOrName));
            if (resolved == null) {
                throw new ConfigException(key, classOrName, "Class " + classOrName + " could not be found.");
            }
            type = (Class<?>) resolved;
        }
        if (!expected.isAssignableFrom(type)) {
            throw new ConfigException(
                    key, type.getName(), type.getName() + " is not an instance of " + expected.getName());
        }
        try {
            return expected.cast(type.getDeclaredConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new ConfigException(
                    key, type.getName(), "Could not find a public no-argument constructor for " + type.getName());
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new ConfigException(
                    key,
                    type.getName(),
                    "Could not instantiate class " + type.getName() + ": " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    static <T> List<T> createAll(String key, List<?> classesOrNames, Class<T> expected) {
        List<T> result = new ArrayList<>();
        for (Object o : classesOrNames) {
            result.add(create(key, o, expected));
        }
        return result;
    }
}
