package io.sluice.testkit;

import io.sluice.testkit.internal.Deadline;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition in tests: poll it until a deadline, never sleep a guessed time. The public face of
 * testkit's own {@link Deadline}, for every module's tests.
 */
public final class Poll {
    private Poll() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @throws IllegalStateException naming {@code what} when it does not hold within {@code timeout}
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Deadline.of(timeout).await(what, condition);
    }

    /** Returns whether {@code condition} came to hold within {@code timeout}. */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        Deadline deadline = Deadline.of(timeout);
        while (!condition.getAsBoolean()) {
            if (deadline.passed()) {
                return false;
            }
            Deadline.pause();
        }
        return true;
    }
}
