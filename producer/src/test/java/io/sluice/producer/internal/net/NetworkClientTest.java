package io.sluice.producer.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.errors.AuthenticationException;
import io.sluice.producer.internal.metrics.ProducerMetrics;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkClientTest {
    private static final LongSupplier CLOCK = () -> System.nanoTime() / 1_000_000;

    private FakePeer peer;
    private NetworkClient client;

    @BeforeEach
    void setUp() throws IOException {
        peer = new FakePeer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        peer.close();
    }

    /** A request whose body is raw bytes, sent under the Metadata API key so the peer's version range applies. */
    private record RawRequest(byte[] body) implements Request {
        @Override
        public ApiKey apiKey() {
            return ApiKey.METADATA;
        }

        @Override
        public void write(ByteWriter w, short version) {
            w.writeBytes(body);
        }
    }

    /** Records what happened to each request. */
    private static final class Recorder implements ResponseHandler {
        final List<byte[]> bodies = new ArrayList<>();
        final List<IOException> failures = new ArrayList<>();
        int writtenWithoutResponse;

        @Override
        public void onResponse(ByteReader body, short version, long nowMs) {
            if (body == null) {
                writtenWithoutResponse++;
            } else {
                bodies.add(body.readRaw(body.remaining(), "body"));
            }
        }

        @Override
        public void onFailure(IOException cause, long nowMs) {
            failures.add(cause);
        }

        int outcomes() {
            return bodies.size() + failures.size() + writtenWithoutResponse;
        }
    }

    private NetworkClient newClient(NetworkConfig config) {
        client = new NetworkClient(config, CLOCK, PlaintextTransport.factory());
        return client;
    }

    private void pollUntil(BooleanSupplier condition, long timeoutMs) {
        long deadline = CLOCK.getAsLong() + timeoutMs;
        while (!condition.getAsBoolean()) {
            assertThat(CLOCK.getAsLong())
                    .as("condition within %d ms", timeoutMs)
                    .isLessThan(deadline);
            client.poll(20, CLOCK.getAsLong());
        }
    }

    private BrokerEndpoint connectReady(int id) {
        BrokerEndpoint node = peer.endpoint(id);
        pollUntil(() -> client.ready(node, CLOCK.getAsLong()), 5_000);
        return node;
    }

    @Test
    void negotiatesVersionsThenExchangesFrames() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        BrokerEndpoint node = connectReady(1);
        assertThat(client.apiVersion(1, ApiKey.METADATA)).isEqualTo((short) 12);

        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(new byte[] {1, 2, 3}), true, recorder, CLOCK.getAsLong());
        FakePeer.Frame frame = pollForFrame();
        assertThat(frame.apiKey()).isEqualTo((short) 3);
        assertThat(frame.apiVersion()).isEqualTo((short) 12);
        assertThat(Arrays.copyOfRange(frame.whole(), frame.whole().length - 3, frame.whole().length))
                .containsExactly(1, 2, 3);

        FakePeer.reply(frame, new byte[] {9, 8, 7}, true);
        pollUntil(() -> recorder.outcomes() == 1, 5_000);
        assertThat(recorder.bodies).hasSize(1);
        assertThat(recorder.bodies.get(0)).containsExactly(9, 8, 7);
        assertThat(client.inFlightCount(node.id())).isZero();
    }

    private FakePeer.Frame pollForFrame() throws InterruptedException {
        long deadline = CLOCK.getAsLong() + 5_000;
        while (CLOCK.getAsLong() < deadline) {
            client.poll(10, CLOCK.getAsLong());
            FakePeer.Frame f = peer.nextFrame(10);
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("no frame reached the peer");
    }

    private static long metric(ProducerMetrics metrics, String name) {
        return metrics.producerValues().get(name).longValue();
    }

    @Test
    void aPlaintextConnectionCountsAsAuthenticatedAndEachReadAndWriteAsNetworkIo() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        ProducerMetrics metrics = ProducerMetrics.detached();
        client.setMetrics(metrics);
        connectReady(1);
        // As kafka-clients counts a plaintext channel that became ready as authenticated.
        assertThat(metric(metrics, "successful-authentication-total")).isEqualTo(1);
        assertThat(metric(metrics, "failed-authentication-total")).isZero();
        // Two ApiVersions requests (the peer asks for v3), each answer read as a size and then a body.
        long setup = metric(metrics, "network-io-total");
        assertThat(setup).isGreaterThanOrEqualTo(2 + 2 * 2);

        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(new byte[] {1, 2, 3}), true, recorder, CLOCK.getAsLong());
        FakePeer.reply(pollForFrame(), new byte[] {9}, true);
        pollUntil(() -> recorder.outcomes() == 1, 5_000);
        assertThat(metric(metrics, "network-io-total")).isGreaterThanOrEqualTo(setup + 3);
    }

    @Test
    void aHandshakeRefusalCountsAsAFailedAuthentication() {
        client = new NetworkClient(
                NetworkConfig.defaults("t"), CLOCK, (channel, host) -> new PlaintextTransport(channel) {
                    @Override
                    public boolean handshake() {
                        throw new AuthenticationException("refused by the test");
                    }
                });
        ProducerMetrics metrics = ProducerMetrics.detached();
        client.setMetrics(metrics);
        BrokerEndpoint node = peer.endpoint(1);
        pollUntil(
                () -> {
                    client.ready(node, CLOCK.getAsLong());
                    return metric(metrics, "failed-authentication-total") > 0;
                },
                5_000);
        assertThat(metric(metrics, "successful-authentication-total")).isZero();
        assertThat(metric(metrics, "failed-reauthentication-total")).isZero();
    }

    @Test
    void retriesApiVersionsAtTheHighestVersionTheBrokerNames() {
        newClient(NetworkConfig.defaults("t"));
        connectReady(1);
        assertThat(peer.apiVersionsAsked).containsExactly(ApiKey.API_VERSIONS.latestVersion(), (short) 3);
        assertThat(client.apiVersion(1, ApiKey.PRODUCE)).isEqualTo((short) 11);
    }

    @Test
    void reassemblesResponsesReadOneByteAtATime() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        connectReady(1);
        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(new byte[] {0}), true, recorder, CLOCK.getAsLong());
        FakePeer.Frame frame = pollForFrame();
        byte[] body = new byte[300];
        Arrays.fill(body, (byte) 5);
        Thread dribbler = new Thread(() -> {
            try {
                FakePeer.replyDribbling(frame, body, true);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        dribbler.start();
        pollUntil(() -> recorder.outcomes() == 1, 10_000);
        dribbler.join();
        assertThat(recorder.bodies.get(0)).isEqualTo(body);
    }

    @Test
    void writesLargeRequestsAcrossManyPartialWrites() throws Exception {
        // A small send buffer forces the 4 MiB frame out in many partial writes.
        NetworkConfig small = NetworkConfig.builder("t")
                .sendBufferBytes(4096)
                .receiveBufferBytes(4096)
                .maxFrameBytes(1 << 20)
                .build();
        newClient(small);
        connectReady(1);
        byte[] big = new byte[4 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(big), true, recorder, CLOCK.getAsLong());
        FakePeer.Frame frame = pollForFrame();
        byte[] received = Arrays.copyOfRange(frame.whole(), frame.whole().length - big.length, frame.whole().length);
        assertThat(received).isEqualTo(big);
    }

    @Test
    void matchesPipelinedResponsesInOrder() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        connectReady(1);
        Recorder[] recorders = new Recorder[3];
        for (int i = 0; i < 3; i++) {
            recorders[i] = new Recorder();
            client.send(1, new RawRequest(new byte[] {(byte) i}), true, recorders[i], CLOCK.getAsLong());
        }
        assertThat(client.inFlightCount(1)).isEqualTo(3);
        List<FakePeer.Frame> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(pollForFrame());
        }
        for (int i = 0; i < 3; i++) {
            FakePeer.reply(frames.get(i), new byte[] {(byte) (10 + i)}, true);
        }
        pollUntil(() -> recorders[2].outcomes() == 1, 5_000);
        for (int i = 0; i < 3; i++) {
            assertThat(recorders[i].bodies.get(0)).containsExactly(10 + i);
        }
    }

    @Test
    void completesRequestsThatExpectNoResponseOnceWritten() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        connectReady(1);
        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(new byte[] {4}), false, recorder, CLOCK.getAsLong());
        pollUntil(() -> recorder.outcomes() == 1, 5_000);
        assertThat(recorder.writtenWithoutResponse).isEqualTo(1);
        assertThat(client.inFlightCount(1)).isZero();
        assertThat(pollForFrame().whole()).endsWith(new byte[] {4});
    }

    @Test
    void timesOutUnansweredRequestsAndClosesTheConnection() throws Exception {
        newClient(NetworkConfig.defaults("t").withRequestTimeoutMs(300));
        connectReady(1);
        List<Integer> disconnects = new ArrayList<>();
        client.setConnectionListener((node, wasReady, now) -> disconnects.add(node));
        Recorder recorder = new Recorder();
        long sentAt = CLOCK.getAsLong();
        client.send(1, new RawRequest(new byte[] {1}), true, recorder, sentAt);
        pollUntil(() -> recorder.outcomes() == 1, 5_000);
        assertThat(CLOCK.getAsLong() - sentAt).isGreaterThanOrEqualTo(300);
        assertThat(recorder.failures.get(0)).isInstanceOf(RequestTimeoutException.class);
        assertThat(disconnects).containsExactly(1);
        assertThat(client.isConnected(1)).isFalse();
    }

    @Test
    void failsInFlightRequestsWhenThePeerDisconnectsThenReconnects() throws Exception {
        newClient(NetworkConfig.defaults("t"));
        BrokerEndpoint node = connectReady(1);
        Recorder recorder = new Recorder();
        client.send(1, new RawRequest(new byte[] {1}), true, recorder, CLOCK.getAsLong());
        pollForFrame();
        peer.dropConnections();
        pollUntil(() -> recorder.outcomes() == 1, 5_000);
        assertThat(recorder.failures.get(0)).isNotInstanceOf(RequestTimeoutException.class);
        pollUntil(() -> client.ready(node, CLOCK.getAsLong()), 5_000);
    }

    @Test
    void timesOutAConnectionWhoseSetupNeverCompletes() throws Exception {
        peer.answerApiVersions(false);
        newClient(NetworkConfig.defaults("t").withSetupTimeoutMs(300, 300));
        BrokerEndpoint node = peer.endpoint(1);
        List<Integer> disconnects = new ArrayList<>();
        client.setConnectionListener((id, wasReady, now) -> disconnects.add(id));
        long start = CLOCK.getAsLong();
        client.ready(node, start);
        pollUntil(() -> !disconnects.isEmpty(), 5_000);
        assertThat(CLOCK.getAsLong() - start).isGreaterThanOrEqualTo(240);
        assertThat(client.isBackingOff(1, CLOCK.getAsLong()) || client.isConnecting(1))
                .isTrue();
    }

    @Test
    void backsOffExponentiallyFromARefusingAddress() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        newClient(NetworkConfig.builder("t")
                .reconnectBackoffMs(100)
                .reconnectBackoffMaxMs(10_000)
                .sendBufferBytes(-1)
                .receiveBufferBytes(-1)
                .maxFrameBytes(1 << 20)
                .build());
        BrokerEndpoint dead = new BrokerEndpoint(7, "127.0.0.1", deadPort);
        List<Long> failuresAt = new ArrayList<>();
        client.setConnectionListener((id, wasReady, now) -> failuresAt.add(now));
        pollUntil(
                () -> {
                    client.ready(dead, CLOCK.getAsLong());
                    return failuresAt.size() >= 4;
                },
                10_000);
        long firstGap = failuresAt.get(1) - failuresAt.get(0);
        long thirdGap = failuresAt.get(3) - failuresAt.get(2);
        // Nominal gaps 100, 200, 400 ms with ±20% jitter.
        assertThat(firstGap).isBetween(75L, 200L);
        assertThat(thirdGap).isGreaterThan(firstGap);
    }

    @Test
    void closesIdleConnections() throws Exception {
        newClient(NetworkConfig.defaults("t").withMaxIdleMs(200));
        connectReady(1);
        pollUntil(() -> !client.isConnected(1), 5_000);
        assertThat(client.isConnecting(1)).isFalse();
    }
}
