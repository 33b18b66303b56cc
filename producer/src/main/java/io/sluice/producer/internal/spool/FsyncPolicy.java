package io.sluice.producer.internal.spool;

import java.util.Locale;

/** What of the spool survives a machine crash ({@code sluice.spool.fsync}); every policy survives {@code kill -9}. */
public enum FsyncPolicy {
    /** Never force: the operating system writes the pages back when it likes. */
    NONE,
    /** A background thread forces the active segment every {@code sluice.spool.fsync.interval.ms}. */
    INTERVAL,
    /** An append returns only once its bytes are forced to the device (group commit: one force for many). */
    ALWAYS;

    /** Parses the setting's value, in any case. */
    public static FsyncPolicy parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
