package io.sluice.testkit.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One object per test run, such as a shared cluster: started the first time a test asks for it and closed when the
 * run ends, because it lives in the root {@link ExtensionContext.Store}. A start that failed is remembered and not
 * retried, so every later test fails fast with the same cause.
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class RunShared {
    private RunShared() {}

    /**
     * The object stored under {@code key} in the root store's {@code namespace}, started now if no test of this run
     * has asked for it yet.
     *
     * @param type what {@code starter} returns
     * @param starter starts the object; a {@link RuntimeException} it throws is kept as the failure of this key
     * @param closer closes the object when the run ends
     * @param what names the object in the failure of a later request, e.g. "the shared cluster"
     * @throws IllegalStateException if the start failed, now or earlier in this run, with that failure as its cause
     */
    public static <T> T get(
            ExtensionContext context,
            ExtensionContext.Namespace namespace,
            String key,
            Class<T> type,
            Supplier<T> starter,
            Consumer<? super T> closer,
            String what) {
        ExtensionContext.Store store = context.getRoot().getStore(namespace);
        Started started = store.getOrComputeIfAbsent(key, k -> Started.attempt(starter, closer), Started.class);
        return type.cast(started.value(what));
    }

    /** The outcome of one start: the object and how to close it, or why it did not start. */
    private static final class Started implements AutoCloseable {
        private final Object value;
        private final Runnable close;
        private final RuntimeException failure;

        private Started(Object value, Runnable close, RuntimeException failure) {
            this.value = value;
            this.close = close;
            this.failure = failure;
        }

        static <T> Started attempt(Supplier<T> starter, Consumer<? super T> closer) {
            try {
                T value = starter.get();
                return new Started(value, () -> closer.accept(value), null);
            } catch (RuntimeException e) {
                return new Started(null, () -> {}, e);
            }
        }

        Object value(String what) {
            if (failure != null) {
                throw new IllegalStateException(what + " failed to start earlier in this run", failure);
            }
            return value;
        }

        /** Called by the root store when the run ends. */
        @Override
        public void close() {
            close.run();
        }
    }
}
