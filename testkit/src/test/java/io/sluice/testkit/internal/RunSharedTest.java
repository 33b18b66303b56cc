package io.sluice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunSharedTest {
    private ExtensionContext context;

    @RegisterExtension
    final BeforeEachCallback captureContext = context -> this.context = context;

    @Test
    void startsOnceAndHandsOutTheSameObject() {
        ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(RunSharedTest.class, "started");
        AtomicInteger starts = new AtomicInteger();

        StringBuilder first = get(namespace, () -> {
            starts.incrementAndGet();
            return new StringBuilder("shared");
        });
        StringBuilder second = get(namespace, () -> {
            starts.incrementAndGet();
            return new StringBuilder("another");
        });

        assertThat(second).isSameAs(first);
        assertThat(starts).hasValue(1);
    }

    @Test
    void aFailedStartIsNotRetriedAndEveryLaterRequestFailsWithItsCause() {
        ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(RunSharedTest.class, "failed");
        AtomicInteger starts = new AtomicInteger();
        Supplier<StringBuilder> failing = () -> {
            starts.incrementAndGet();
            throw new IllegalArgumentException("no ports left");
        };

        for (int request = 0; request < 2; request++) {
            assertThatThrownBy(() -> get(namespace, failing))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the test object failed to start earlier in this run")
                    .cause()
                    .hasMessage("no ports left");
        }
        assertThat(starts).hasValue(1);
    }

    private StringBuilder get(ExtensionContext.Namespace namespace, Supplier<StringBuilder> starter) {
        return RunShared.get(context, namespace, "key", StringBuilder.class, starter, builder -> {}, "the test object");
    }
}
