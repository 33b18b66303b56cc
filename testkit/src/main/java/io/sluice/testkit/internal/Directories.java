package io.sluice.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deleting a cluster's data directory.
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class Directories {
    private Directories() {}

    /** Deletes a directory tree, deepest first, ignoring files that vanish meanwhile; nothing if it is not there. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** {@link #deleteRecursively}, logging a failure at WARNING to {@code log} instead of throwing: for closing. */
    public static void deleteLogged(Path root, System.Logger log) {
        try {
            deleteRecursively(root);
        } catch (IOException | UncheckedIOException e) {
            log.log(Level.WARNING, "could not delete " + root, e);
        }
    }
}
