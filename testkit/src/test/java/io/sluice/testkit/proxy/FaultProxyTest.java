package io.sluice.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault of {@link FaultProxy}, observed by a plain client in front of an echo server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoBehindProxy() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start(echo.address());
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysAndCounts() throws IOException {
        try (Socket client = connect()) {
            byte[] sent = "hello through the proxy".getBytes(StandardCharsets.UTF_8);
            assertThat(roundTrip(client, sent)).isEqualTo(sent);
        }
        // A writer counts once its write returned, which may be after the echo reached the client.
        awaitTrue("the answer to be counted", () -> proxy.stats().bytesToClient() == 23);
        ProxyStats stats = proxy.stats();
        assertThat(stats.bytesFromClients()).isEqualTo(23);
        assertThat(stats.bytesFromServer()).isEqualTo(23);
        assertThat(stats.bytesDiscarded()).isZero();
        assertThat(stats.bytesToServer()).isEqualTo(23);
        assertThat(stats.bytesToClient()).isEqualTo(23);
        assertThat(stats.connectionsAccepted()).isEqualTo(1);
        awaitTrue("the closed connection to be forgotten", () -> proxy.stats().activeConnections() == 0);
    }

    @Test
    void forwardsAHalfCloseAndStillDeliversTheAnswer() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write(new byte[] {5, 6, 7});
            client.shutdownOutput();
            // The echo server answers, sees the end of the stream and closes: the client gets both, no reset.
            assertThat(readFully(client, 3)).containsExactly(5, 6, 7);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(proxy.stats().connectionsReset()).isZero();
    }

    @Test
    void addsLatencyPerDirectionAndRemovesIt() throws IOException {
        try (Socket client = connect()) {
            long plain = timedRoundTripMillis(client);
            proxy.latency(Direction.CLIENT_TO_SERVER, Duration.ofMillis(300));
            assertThat(timedRoundTripMillis(client)).isGreaterThanOrEqualTo(300);
            proxy.latency(Direction.SERVER_TO_CLIENT, Duration.ofMillis(200));
            assertThat(timedRoundTripMillis(client)).isGreaterThanOrEqualTo(500);
            proxy.clearFaults();
            assertThat(timedRoundTripMillis(client)).isLessThan(300 + plain);
        }
    }

    @Test
    void latencyDelaysBytesWithoutSlowingTheStream() throws IOException {
        proxy.latency(Direction.CLIENT_TO_SERVER, Duration.ofMillis(200));
        try (Socket client = connect()) {
            long start = System.nanoTime();
            OutputStream out = client.getOutputStream();
            for (int i = 0; i < 10; i++) {
                out.write(new byte[] {(byte) i});
                out.flush();
            }
            readFully(client, 10);
            // Ten writes each delayed 200 ms arrive together, not one after another.
            assertThat(elapsedMillis(start)).isBetween(200L, 1_500L);
        }
    }

    @Test
    void capsBandwidth() throws IOException {
        proxy.bandwidth(Direction.CLIENT_TO_SERVER, 200_000);
        try (Socket client = connect()) {
            byte[] payload = new byte[100_000];
            long start = System.nanoTime();
            client.getOutputStream().write(payload);
            readFully(client, payload.length);
            assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(400);

            proxy.bandwidth(Direction.CLIENT_TO_SERVER, 0);
            start = System.nanoTime();
            client.getOutputStream().write(payload);
            readFully(client, payload.length);
            assertThat(elapsedMillis(start)).isLessThan(400);
        }
    }

    @Test
    void stallHoldsBytesUntilReleased() throws IOException {
        try (Socket client = connect()) {
            roundTrip(client, new byte[] {1});
            proxy.stall();
            client.getOutputStream().write(new byte[] {2, 3});
            client.setSoTimeout(300);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(echo.received()).isEqualTo(1);

            proxy.release();
            client.setSoTimeout(10_000);
            assertThat(readFully(client, 2)).containsExactly(2, 3);
        }
    }

    @Test
    void dropsTheResponseAfterTheServerGotTheRequest() throws IOException {
        try (Socket client = connect()) {
            roundTrip(client, new byte[] {1});
            proxy.dropNextResponses(1);
            client.getOutputStream().write(new byte[] {7, 7, 7});
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(echo.received()).isEqualTo(4);
            assertThat(proxy.stats().responsesDropped()).isEqualTo(1);
        }
        try (Socket next = connect()) {
            // The count is used up: the next answer gets through.
            assertThat(roundTrip(next, new byte[] {9})).containsExactly(9);
        }
    }

    @Test
    void resetsOpenConnections() throws IOException {
        try (Socket client = connect()) {
            roundTrip(client, new byte[] {1});
            awaitTrue("the connection to be registered", () -> proxy.stats().activeConnections() == 1);
            proxy.resetConnections();
            client.setSoTimeout(10_000);
            assertThatThrownBy(() -> client.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        assertThat(proxy.stats().connectionsReset()).isEqualTo(1);
    }

    @Test
    void resetsNewConnectionsWhileAsked() throws IOException {
        proxy.resetNewConnections(true);
        try (Socket client = connect()) {
            client.setSoTimeout(10_000);
            assertThatThrownBy(() -> roundTrip(client, new byte[] {1})).isInstanceOf(SocketException.class);
        }
        proxy.resetNewConnections(false);
        try (Socket client = connect()) {
            assertThat(roundTrip(client, new byte[] {2})).containsExactly(2);
        }
    }

    @Test
    void blackholeReadsButNeverForwardsOrAnswers() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, new byte[] {1});
            proxy.blackhole(true);
            try (Socket fresh = connect()) {
                open.getOutputStream().write(new byte[] {2, 2});
                fresh.getOutputStream().write(new byte[] {3, 3, 3});
                awaitTrue("the proxy to swallow 5 bytes", () -> proxy.stats().bytesDiscarded() == 5);
                open.setSoTimeout(300);
                assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(echo.received()).isEqualTo(1);

                proxy.blackhole(false);
                // Both streams lost bytes, so lifting the blackhole ends them.
                open.setSoTimeout(10_000);
                fresh.setSoTimeout(10_000);
                assertThat(open.getInputStream().read()).isEqualTo(-1);
                assertThat(fresh.getInputStream().read()).isEqualTo(-1);
            }
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, new byte[] {4})).containsExactly(4);
        }
    }

    @Test
    void refusesConnectionsOverTheLimit() throws IOException {
        try (FaultProxy small = FaultProxy.start(0, echo.address(), 1);
                Socket first = new Socket("127.0.0.1", small.port());
                Socket second = new Socket("127.0.0.1", small.port())) {
            assertThat(roundTrip(first, new byte[] {1})).containsExactly(1);
            second.setSoTimeout(10_000);
            second.getOutputStream().write(1);
            assertThat(second.getInputStream().read()).isEqualTo(-1);
            assertThat(small.stats().connectionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void resetsClientsWhenTheServerIsDown() throws IOException {
        InetSocketAddress address = echo.address();
        echo.close();
        try (FaultProxy orphan = FaultProxy.start(address);
                Socket client = new Socket("127.0.0.1", orphan.port())) {
            client.setSoTimeout(10_000);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThat(orphan.stats().connectionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsEveryThread() throws IOException {
        Socket[] clients = new Socket[5];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = connect();
            roundTrip(clients[i], new byte[] {(byte) i});
        }
        String prefix = "sluice-proxy-" + proxy.port() + "-";
        assertThat(threadsNamed(prefix)).isGreaterThanOrEqualTo(1 + 4 * clients.length);
        proxy.close();
        assertThat(threadsNamed(prefix)).isZero();
        for (Socket client : clients) {
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            client.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] roundTrip(Socket client, byte[] bytes) throws IOException {
        client.getOutputStream().write(bytes);
        client.getOutputStream().flush();
        return readFully(client, bytes.length);
    }

    private static long timedRoundTripMillis(Socket client) throws IOException {
        long start = System.nanoTime();
        roundTrip(client, new byte[] {42});
        return elapsedMillis(start);
    }

    private static byte[] readFully(Socket client, int length) throws IOException {
        byte[] bytes = new byte[length];
        InputStream in = client.getInputStream();
        int offset = 0;
        while (offset < length) {
            int read = in.read(bytes, offset, length - offset);
            if (read < 0) {
                throw new IOException("end of stream after " + offset + " of " + length + " bytes: "
                        + Arrays.toString(Arrays.copyOf(bytes, offset)));
            }
            offset += read;
        }
        return bytes;
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
                .count();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
