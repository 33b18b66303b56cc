package io.sluice.producer.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything the producer logs through {@code System.Logger}, which lands in java.util.logging when no
 * other backend is installed, at every level down to TRACE, with stack traces.
 */
final class LogCapture extends Handler {
    private static final Logger SLUICE = Logger.getLogger("io.sluice");
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        SLUICE.setLevel(Level.ALL);
        SLUICE.addHandler(capture);
        return capture;
    }

    void uninstall() {
        SLUICE.removeHandler(this);
        SLUICE.setLevel(null);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder sb = new StringBuilder(formatter.format(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            sb.append(trace);
        }
        lock.lock();
        try {
            lines.add(sb.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Every captured line so far, formatted. */
    String text() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
