package io.sluice.testkit.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a process started from another Kafka version's jars ({@link VersionedBroker}): it halts as soon
 * as the JVM that started it is gone, then runs that version's own main class, such as {@code kafka.Kafka} or
 * {@code kafka.tools.StorageTool}. It uses JDK classes only, so it runs beside the jars of any Kafka version.
 *
 * <p>Arguments: the parent's pid, the main class, then the main class's own arguments.
 */
public final class ParentBoundMain {
    private ParentBoundMain() {}

    /**
     * Watches the parent, then runs the named main class with the remaining arguments.
     *
     * @param args the parent's pid, the main class and its arguments
     * @throws Throwable what the main class throws
     */
    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentBoundMain <parent-pid> <main-class> [args...]");
            System.exit(2);
        }
        endWithParent(Long.parseLong(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A test run that was killed must not leave brokers behind: halt when the parent ends, however it ends. */
    private static void endWithParent(long parentPid) {
        ProcessHandle parent = ProcessHandle.of(parentPid).orElse(null);
        if (parent == null || !parent.isAlive()) {
            Runtime.getRuntime().halt(3);
        }
        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3));
    }
}
