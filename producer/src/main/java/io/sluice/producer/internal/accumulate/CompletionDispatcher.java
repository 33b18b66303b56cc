package io.sluice.producer.internal.accumulate;

import io.sluice.producer.Callback;
import io.sluice.producer.RecordMetadata;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs record completions (futures, interceptors' acknowledgements, callbacks) on one dedicated thread, in the
 * order batches complete, so callbacks of one partition run in send order and a slow or throwing callback never
 * holds up the network thread.
 */
public final class CompletionDispatcher {
    private static final System.Logger LOG = System.getLogger(CompletionDispatcher.class.getName());

    private final Executor executor;
    private final ExecutorService owned;
    private volatile Thread callbackThread;

    private CompletionDispatcher(Executor executor, ExecutorService owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /** Creates a dispatcher with its own daemon thread {@code sluice-producer-callbacks-<clientId>}. */
    public static CompletionDispatcher threaded(String clientId) {
        CompletionDispatcher[] self = new CompletionDispatcher[1];
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sluice-producer-callbacks-" + clientId);
                    t.setDaemon(true);
                    return t;
                });
        self[0] = new CompletionDispatcher(pool, pool);
        pool.execute(() -> self[0].callbackThread = Thread.currentThread());
        return self[0];
    }

    /** Creates a dispatcher that runs completions on the completing thread (tests and benchmarks). */
    public static CompletionDispatcher direct() {
        return new CompletionDispatcher(Runnable::run, null);
    }

    void dispatch(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // after shutdown: still complete, on this thread, rather than leave futures hanging
            completion.run();
        }
    }

    /**
     * Completes a single record that never reached a batch (e.g. failed in {@code send()}), through the same
     * thread as batch completions.
     */
    public void completeRecord(
            CompletableFuture<RecordMetadata> future, Callback callback, RecordMetadata md, RuntimeException error) {
        dispatch(() -> completeOne(future, callback, md, error));
    }

    /**
     * Fails a record that never reached a batch (held for metadata or a resize), through the same thread as batch
     * completions; its metadata carries {@code partition} and no offset.
     */
    void failUnsent(OutgoingRecord record, int partition, RuntimeException error) {
        Callback callback = record.takeCallback();
        RecordMetadata md = record.unsentMetadata(partition);
        dispatch(() -> completeOne(record, callback, md, error));
    }

    /** Returns whether the caller is the callback thread (flush from a callback would deadlock). */
    public boolean isCallbackThread() {
        return Thread.currentThread() == callbackThread;
    }

    /** Completes one record's future, then its callback; a throwing callback is logged. */
    static void completeOne(
            CompletableFuture<RecordMetadata> future, Callback callback, RecordMetadata md, RuntimeException error) {
        if (future != null) {
            if (error == null) {
                future.complete(md);
            } else {
                future.completeExceptionally(error);
            }
        }
        if (callback != null) {
            try {
                callback.onCompletion(md, error);
            } catch (Throwable t) {
                LOG.log(
                        Level.ERROR,
                        "Error executing user-provided callback on message for topic-partition " + md.topic() + "-"
                                + md.partition(),
                        t);
            }
        }
    }

    /** Stops the thread after the queued completions ran, waiting up to the timeout. */
    public void shutdown(long timeoutMs) throws InterruptedException {
        if (owned != null) {
            owned.shutdown();
            if (!isCallbackThread()) {
                owned.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
