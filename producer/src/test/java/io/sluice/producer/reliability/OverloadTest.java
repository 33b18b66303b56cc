package io.sluice.producer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.Callback;
import io.sluice.producer.ProducerConfig;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.errors.BufferExhaustedException;
import io.sluice.testkit.process.ProcessCluster;
import io.sluice.testkit.process.SharedProcessCluster;
import io.sluice.testkit.proxy.Direction;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: two threads produce as fast as they can into a small {@code buffer.memory} while every broker's
 * proxy caps the bandwidth from the producer. Memory stays under the cap (the pool never reports more in use than
 * its size, and the bytes of records accepted but not completed never exceed it), {@code send()} blocks when the
 * buffer is full and gives up after {@code max.block.ms} (not sooner, not much later), and nothing acknowledged is
 * lost, duplicated or reordered.
 */
@ExtendWith(SharedProcessCluster.class)
class OverloadTest {
    private static final int BUFFER_MEMORY = 256 * 1024;
    private static final int MAX_BLOCK_MS = 300;
    private static final long BYTES_PER_SECOND = 64 * 1024;
    private static final int THREADS = 2;
    private static final String PADDING = "x".repeat(1_000);
    /** Scheduling and GC on two shared cores: how much later than max.block.ms a blocked send may return. */
    private static final long LATE_MS = 2_000;

    @Test
    void memoryStaysUnderTheCapSendBlocksThenTimesOutAndNothingAcknowledgedIsLost(ProcessCluster kafka)
            throws Exception {
        String scenario = "7 overload, buffer.memory 256 KiB, acks=all, idempotent";
        long seed = Scenarios.seed(scenario);
        String topic = Scenarios.topic(kafka, "overload", seed);
        Duration duration = Scenarios.length(Duration.ofSeconds(20));
        int capacity = 400_000;
        DeliveryLedger ledger = new DeliveryLedger(capacity);
        AtomicLongArray sendNanos = new AtomicLongArray(capacity);
        AtomicIntegerArray exhausted = new AtomicIntegerArray(capacity);
        AtomicLong outstandingBytes = new AtomicLong();
        AtomicLong maxOutstandingBytes = new AtomicLong();
        Map<String, Object> config = Scenarios.idempotent(kafka, 10_000);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        SluiceProducer<String, String> producer = Scenarios.producer(config);
        // Know the topic first: records of a topic without metadata wait outside the buffer pool.
        producer.partitionsFor(topic);
        for (FaultProxy proxy : kafka.proxies().values()) {
            proxy.bandwidth(Direction.CLIENT_TO_SERVER, BYTES_PER_SECOND);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long[] minAvailable = {Long.MAX_VALUE};
        long[] total = {-1};
        Thread monitor = new Thread(() -> {
            while (System.nanoTime() < end) {
                Map<String, Number> metrics = producer.metrics();
                minAvailable[0] = Math.min(
                        minAvailable[0], metrics.get("buffer-available-bytes").longValue());
                total[0] = metrics.get("buffer-total-bytes").longValue();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        });
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String keyPrefix = "t" + t + "-";
            senders.add(new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end && ledger.hasRoom()) {
                    DeliveryLedger.Tracked tracked = ledger.next(topic, keyPrefix + (i++ % 12), PADDING);
                    int id = tracked.id();
                    long size = tracked.record().key().length()
                            + tracked.record().value().length();
                    maxOutstandingBytes.accumulateAndGet(outstandingBytes.addAndGet(size), Math::max);
                    Callback callback = (metadata, exception) -> {
                        outstandingBytes.addAndGet(-size);
                        if (exception instanceof BufferExhaustedException) {
                            exhausted.set(id, 1);
                        }
                        tracked.callback().onCompletion(metadata, exception);
                    };
                    long began = System.nanoTime();
                    producer.send(tracked.record(), callback);
                    sendNanos.set(id, System.nanoTime() - began);
                }
            }));
        }
        monitor.start();
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join(duration.toMillis() + 60_000);
        }
        monitor.join(10_000);
        kafka.clearFaults();
        DeliveryLedger.Verdict verdict = Scenarios.finish(
                kafka,
                producer,
                ledger,
                topic,
                scenario,
                seed,
                "producer-to-broker bandwidth capped at 64 KiB/s per broker; max.block.ms 300",
                start,
                Duration.ofSeconds(120));
        long timedOut = 0;
        long maxSendMs = 0;
        long shortestTimedOutMs = Long.MAX_VALUE;
        for (int id = 0; id < verdict.sent(); id++) {
            long ms = TimeUnit.NANOSECONDS.toMillis(sendNanos.get(id));
            maxSendMs = Math.max(maxSendMs, ms);
            if (exhausted.get(id) == 1) {
                timedOut++;
                shortestTimedOutMs = Math.min(shortestTimedOutMs, sendNanos.get(id) / 1_000_000L);
            }
        }
        String figures = "overload: " + timedOut + " sends timed out waiting for memory (shortest wait "
                + shortestTimedOutMs + " ms), longest send() " + maxSendMs
                + " ms, fewest bytes available " + minAvailable[0] + " of " + total[0]
                + ", most record bytes outstanding " + maxOutstandingBytes.get();
        System.getLogger(OverloadTest.class.getName()).log(System.Logger.Level.INFO, figures);
        ResultsTable.note(scenario + ": " + figures);
        Scenarios.assertExactlyOnceInOrder(verdict);
        assertThat(total[0]).as("buffer-total-bytes").isEqualTo(BUFFER_MEMORY);
        assertThat(minAvailable[0]).as("buffer-available-bytes").isBetween(0L, (long) BUFFER_MEMORY);
        assertThat(maxOutstandingBytes.get())
                .as("bytes of records accepted but not completed")
                .isLessThanOrEqualTo(BUFFER_MEMORY + THREADS * (PADDING.length() + 64L));
        assertThat(timedOut).as("sends that timed out waiting for memory").isPositive();
        assertThat(verdict.failures()).containsOnlyKeys("BufferExhaustedException");
        assertThat(shortestTimedOutMs)
                .as("a send gave up before max.block.ms")
                .isGreaterThanOrEqualTo(MAX_BLOCK_MS - 1);
        assertThat(maxSendMs).as("longest send() call").isLessThanOrEqualTo(MAX_BLOCK_MS + LATE_MS);
        assertThat(verdict.acked()).isPositive();
    }
}
