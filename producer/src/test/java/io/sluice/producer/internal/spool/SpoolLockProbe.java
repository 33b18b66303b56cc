package io.sluice.producer.internal.spool;

import java.nio.file.Path;

/** Run in a child JVM by {@link SpoolLockTest}: tries to open the spool in {@code args[0]} and says how it went. */
public final class SpoolLockProbe {
    static final int OPENED = 0;
    static final int REFUSED = 3;

    private SpoolLockProbe() {}

    public static void main(String[] args) {
        try (Spool spool = Spool.open(SpoolFixtures.settings(Path.of(args[0])))) {
            System.out.println("opened " + spool.directory());
        } catch (SpoolException e) {
            System.out.println(e.getMessage());
            System.exit(REFUSED);
        }
        System.exit(OPENED);
    }
}
