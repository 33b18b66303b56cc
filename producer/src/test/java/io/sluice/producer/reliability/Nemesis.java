package io.sluice.producer.reliability;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Injects faults on its own thread while a scenario's load runs: one fault after another, with a random gap
 * between them, every choice drawn from one seeded {@link Random} so a failing run can be replayed with its seed.
 *
 * <p>A fault injects and heals itself before {@link Fault#inject} returns (kill, then restart; pause, then
 * resume), so stopping the nemesis never leaves a fault half done. Stopping waits for the current fault to end.
 *
 * <p>{@link #during(Runnable)} runs a load with the nemesis on and checks it did its work.
 */
final class Nemesis {
    private static final System.Logger LOG = System.getLogger(Nemesis.class.getName());

    /** One fault, injected and healed. */
    @FunctionalInterface
    interface Fault {
        /**
         * Injects and heals one fault.
         *
         * @return its kind, for counting, e.g. {@code kill -9}
         */
        String inject(Random random) throws Exception;
    }

    private final Fault fault;
    private final Random random;
    private final Duration minGap;
    private final Duration maxGap;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> injected = new TreeMap<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final Thread thread;

    Nemesis(String name, long seed, Duration minGap, Duration maxGap, Fault fault) {
        this.fault = fault;
        this.random = new Random(seed);
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.thread = new Thread(this::run, "nemesis-" + name);
        this.thread.setDaemon(true);
    }

    Nemesis start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!stop.await(gapMillis(), TimeUnit.MILLISECONDS)) {
                String kind = fault.inject(random);
                LOG.log(Level.INFO, "nemesis: " + kind);
                lock.lock();
                try {
                    injected.merge(kind, 1, Integer::sum);
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            LOG.log(Level.ERROR, "nemesis failed", e);
            lock.lock();
            try {
                errors.add(e);
            } finally {
                lock.unlock();
            }
        }
    }

    private long gapMillis() {
        long min = minGap.toMillis();
        long spread = maxGap.toMillis() - min;
        return min + (spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
    }

    /** Faults injected so far by kind. */
    Map<String, Integer> injected() {
        lock.lock();
        try {
            return new TreeMap<>(injected);
        } finally {
            lock.unlock();
        }
    }

    /** How many faults were injected. */
    int total() {
        return injected().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The faults for the results table, e.g. {@code 5 x kill -9}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        injected().forEach((kind, count) -> parts.add(count + " x " + kind));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** A failure of the nemesis itself (a broker that would not restart), or none. */
    List<Throwable> errors() {
        lock.lock();
        try {
            return List.copyOf(errors);
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the current fault has healed; waits up to three minutes for that. */
    void stop() {
        stop.countDown();
        try {
            thread.join(Duration.ofMinutes(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the nemesis", e);
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("the nemesis did not stop within three minutes");
        }
    }

    /**
     * Runs {@code load} with this nemesis injecting faults, stops it, and checks that it injected at least one fault
     * and did not fail itself.
     *
     * @return the faults injected, for the results table
     */
    String during(Runnable load) {
        start();
        try {
            load.run();
        } finally {
            stop();
        }
        if (!errors().isEmpty()) {
            throw new IllegalStateException("the nemesis failed: " + errors().get(0), errors().get(0));
        }
        if (total() == 0) {
            throw new IllegalStateException("the nemesis injected no fault; the run proves nothing");
        }
        return describe();
    }
}
