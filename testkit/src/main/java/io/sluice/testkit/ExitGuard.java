package io.sluice.testkit;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Stops an in-process broker from ending the JVM.
 *
 * <p>A Kafka server that meets a fatal fault calls {@link Exit#halt} or {@link Exit#exit}, which by default end the
 * whole process: the test JVM would vanish and the build would report a crashed fork instead of a failed test. Once
 * {@link #install()} has run, such a call is logged, counted and turned into an exception in the Kafka thread that
 * asked for it. {@link KafkaCluster} checks the count so the fault surfaces as a test failure.
 */
final class ExitGuard {
    private static final System.Logger LOG = System.getLogger(ExitGuard.class.getName());
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    private ExitGuard() {}

    /** Replaces Kafka's halt and exit procedures, once per JVM; later calls do nothing. */
    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Exit.setHaltProcedure((code, message) -> refuse("halt", code, message));
            Exit.setExitProcedure((code, message) -> refuse("exit", code, message));
        }
    }

    /** How many times Kafka asked to end the JVM since it started; never decreases. */
    static int requests() {
        return REQUESTS.get();
    }

    private static void refuse(String kind, int code, String message) {
        REQUESTS.incrementAndGet();
        LOG.log(Level.ERROR, "Kafka asked to " + kind + " the JVM with status " + code + ": " + message);
        throw new KafkaFatalFaultException("Kafka asked to " + kind + " the JVM with status " + code + ": " + message);
    }

    /** Thrown into a Kafka thread in place of ending the JVM. */
    static final class KafkaFatalFaultException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaFatalFaultException(String message) {
            super(message);
        }
    }
}
