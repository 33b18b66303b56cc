package io.sluice.producer.internal.send;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.idempotence.Idempotence;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.metadata.BootstrapResolution;
import io.sluice.producer.internal.metadata.BootstrapServers;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.metadata.MetadataView;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.producer.internal.net.NetworkClient;
import io.sluice.producer.internal.net.NetworkConfig;
import io.sluice.producer.internal.net.Transport;
import io.sluice.producer.internal.security.SecureTransports;
import io.sluice.producer.internal.telemetry.TelemetryClient;
import io.sluice.producer.internal.time.Clock;
import io.sluice.producer.internal.txn.TransactionControl;
import io.sluice.producer.internal.txn.TransactionManager;
import io.sluice.producer.internal.txn.TxnDriver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The producer's back half: the I/O thread that runs the {@link Sender} over a {@link NetworkClient}, and
 * the {@link MetadataManager} it keeps fresh.
 *
 * <p>Close: {@link #initiateClose()} lets the loop run until nothing is buffered or in flight;
 * {@link #forceClose()} makes it stop at its next step and fail what is left with {@link
 * ProducerClosedException}. Either way the thread closes every connection before it ends.
 */
public final class SenderLoop implements ProducerIo, Runnable {
    private static final System.Logger LOG = System.getLogger(SenderLoop.class.getName());

    private final RecordAccumulator accumulator;
    private final Clock clock;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final Sender sender;
    private final TransactionManager transactions;
    private final TxnDriver txnDriver;
    private final TelemetryClient telemetry;
    private final Thread thread;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean forced;

    /** Creates the back half from the producer's config; starts no thread. */
    public SenderLoop(ProducerIo.Context context) {
        ProducerConfig config = context.config();
        this.accumulator = context.accumulator();
        this.clock = context.clock();
        long now = clock.milliseconds();
        boolean allDnsIps = !"resolve_canonical_bootstrap_servers_only"
                .equals(config.getString(ProducerConfig.CLIENT_DNS_LOOKUP_CONFIG));
        List<BrokerEndpoint> bootstrap =
                BootstrapServers.parse(config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG), !allDnsIps);
        long resolveTimeoutMs = config.getLong(ProducerConfig.BOOTSTRAP_RESOLVE_TIMEOUT_MS_CONFIG);
        if (resolveTimeoutMs == 0) {
            // Before anything is opened: a producer that cannot be created leaves nothing behind.
            BootstrapResolution.requireNow(bootstrap);
        }
        // Broker connections try every address whatever client.dns.lookup says (it shapes bootstrap only), and the
        // largest response frame keeps its default.
        NetworkConfig net = NetworkConfig.builder(context.clientId())
                .requestTimeoutMs(config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG))
                .maxInFlightPerConnection(config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
                .reconnectBackoffMs(config.getLong(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG))
                .reconnectBackoffMaxMs(config.getLong(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG))
                .setupTimeoutMs(config.getLong(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG))
                .setupTimeoutMaxMs(config.getLong(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG))
                .maxIdleMs(config.getLong(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG))
                .sendBufferBytes(config.getInt(ProducerConfig.SEND_BUFFER_CONFIG))
                .receiveBufferBytes(config.getInt(ProducerConfig.RECEIVE_BUFFER_CONFIG))
                .build();
        Transport.Factory transports = SecureTransports.forConfig(
                config, context.secrets(), context.clientId(), clock::milliseconds, accumulator::abortUnsent);
        try {
            this.network = new NetworkClient(net, clock::milliseconds, transports);
            network.setMetrics(accumulator.producerMetrics());
            MetadataManager.Settings settings = new MetadataManager.Settings(
                    config.getLong(ProducerConfig.METADATA_MAX_AGE_CONFIG),
                    config.getLong(ProducerConfig.METADATA_MAX_IDLE_CONFIG),
                    config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                    config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                    "rebootstrap".equals(config.getString(ProducerConfig.METADATA_RECOVERY_STRATEGY_CONFIG)),
                    config.getLong(ProducerConfig.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG));
            this.metadata =
                    new MetadataManager(bootstrap, settings, accumulator::onMetadataUpdate, clock::milliseconds);
            if (resolveTimeoutMs > 0) {
                metadata.resolveInBackground(
                        new BootstrapResolution(bootstrap, resolveTimeoutMs, clock.milliseconds()),
                        accumulator::abortUnsent);
            }
            metadata.setWakeup(network::wakeup);
            if (settings.rebootstrap() && config.getBoolean(ProducerConfig.METADATA_CLUSTER_CHECK_ENABLE_CONFIG)) {
                network.checkClusterOnConnect(() -> metadata.current().clusterId());
            }
            SenderConfig senderConfig = new SenderConfig(
                    config.acks(),
                    config.getInt(ProducerConfig.RETRIES_CONFIG),
                    config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                    config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                    config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                    config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                    config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                    config.idempotenceEnabled(),
                    config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG),
                    config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) == 1);
            ProducerIdManager producerIds = config.idempotenceEnabled()
                    ? new ProducerIdManager(
                            config.getInt(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                            config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                            config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG))
                    : null;
            this.sender = new Sender(
                    senderConfig,
                    accumulator,
                    metadata,
                    network,
                    new SenderMetrics(now, accumulator.producerMetrics()),
                    producerIds != null ? producerIds : Idempotence.NONE);
            if (config.transactional()) {
                producerIds.setTransactional();
                this.transactions = new TransactionManager(network::wakeup, clock);
                this.txnDriver = new TxnDriver(
                        config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG),
                        config.getInt(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                        transactions,
                        producerIds,
                        accumulator,
                        network,
                        config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                        config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG));
                accumulator.setBatchStamper(txnDriver);
                sender.setTransactions(txnDriver);
            } else {
                this.transactions = null;
                this.txnDriver = null;
                if (producerIds != null) {
                    accumulator.setBatchStamper(producerIds);
                }
            }
            this.telemetry = TelemetryClient.forProducer(
                    config,
                    context.clientId(),
                    network,
                    metadata::current,
                    accumulator.producerMetrics().registry(),
                    now);
        } catch (RuntimeException e) {
            // The transports may hold a token refresh thread; nothing else will close them.
            transports.close();
            throw e;
        }
        this.thread = new Thread(this, "sluice-producer-network-thread | " + context.clientId());
        this.thread.setDaemon(true);
    }

    @Override
    public MetadataView metadata() {
        return metadata;
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void wakeup() {
        network.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running && !forced) {
                step();
            }
            if (txnDriver != null) {
                txnDriver.abortOnClose();
            }
            telemetry.initiateClose();
            while (!forced
                    && (sender.hasPendingWork()
                            || (txnDriver != null && txnDriver.isCompleting())
                            || telemetry.hasPendingWork())) {
                step();
            }
            if (forced) {
                ProducerClosedException closed =
                        new ProducerClosedException("the producer was closed before these records could be delivered");
                accumulator.abortIncompleteBatches(closed);
                sender.abortInFlight(closed, clock.milliseconds());
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "the producer's network thread failed", t);
            ProducerClosedException closed = new ProducerClosedException("the producer's network thread failed: " + t);
            accumulator.abortIncompleteBatches(closed);
            sender.abortInFlight(closed, clock.milliseconds());
        } finally {
            network.close();
            terminated.countDown();
        }
    }

    private void step() {
        try {
            long now = clock.milliseconds();
            sender.runOnce(now, telemetry.poll(now));
            accumulator
                    .producerMetrics()
                    .networkState(network.inFlightCount(), network.connectionCount(), metadata.lastSuccessMs());
        } catch (RuntimeException e) {
            // One bad step (a corrupt response, say) must not kill the producer: log it and go on.
            LOG.log(Level.ERROR, "unexpected error in the producer's network thread", e);
        }
    }

    @Override
    public void initiateClose() {
        running = false;
        network.wakeup();
    }

    @Override
    public void forceClose() {
        forced = true;
        running = false;
        network.wakeup();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (!thread.isAlive() && terminated.getCount() > 0 && thread.getState() == Thread.State.NEW) {
            return true;
        }
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Map<String, Number> metrics() {
        Map<String, Number> m = sender.metricsSnapshot(clock.milliseconds());
        if (txnDriver != null) {
            m = new java.util.HashMap<>(m);
            m.putAll(txnDriver.metrics());
        }
        return m;
    }

    @Override
    public java.util.UUID clientInstanceId(Duration timeout) throws InterruptedException {
        return telemetry.clientInstanceId(timeout);
    }

    @Override
    public TransactionControl transactions() {
        return transactions;
    }
}
