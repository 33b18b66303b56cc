package io.sluice.cli;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsRequest;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.CreateTopicsRequest;
import io.sluice.protocol.message.CreateTopicsResponse;
import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.message.Request;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates a topic if it is missing, for the commands' "works against any cluster" promise. One blocking
 * connection to the first reachable bootstrap server, one request at a time: this runs once before a
 * command starts, so it is kept simple rather than fast.
 */
final class TopicAdmin implements AutoCloseable {
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final short API_VERSIONS_VERSION = 3;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ByteWriter writer = new ByteWriter(512);
    private final ApiVersionsResponse versions;
    private int correlationId;

    private TopicAdmin(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.versions = ApiVersionsResponse.read(
                exchange(new ApiVersionsRequest("sluice-cli", "0.1.0"), API_VERSIONS_VERSION), API_VERSIONS_VERSION);
        if (versions.error().isError()) {
            throw new IOException("ApiVersions failed: " + versions.error());
        }
    }

    /** Makes sure {@code topic} exists with every partition led, creating it with the given shape if missing. */
    static void ensureTopic(String bootstrap, String topic, int partitions, short replicationFactor, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (TopicAdmin admin = connect(bootstrap, timeout)) {
            if (!admin.exists(topic)) {
                admin.create(topic, partitions, replicationFactor, timeout);
            }
            admin.awaitLeaders(topic, deadline);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot prepare topic '" + topic + "' on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    static TopicAdmin connect(String bootstrap, Duration timeout) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String address : bootstrap.split(",")) {
            String hostPort = address.trim();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bootstrap server '" + hostPort + "' is not host:port");
            }
            Socket socket = new Socket();
            try {
                socket.connect(
                        new InetSocketAddress(
                                hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                        (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                return new TopicAdmin(socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                failures.add(hostPort + " (" + e.getMessage() + ")");
            }
        }
        throw new IOException("cannot reach any bootstrap server within " + timeout.toMillis() + " ms: "
                + String.join(", ", failures));
    }

    private boolean exists(String topic) throws IOException {
        MetadataResponse.Topic t = describe(topic);
        if (t.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
            return false;
        }
        if (t.error() == Errors.TOPIC_AUTHORIZATION_FAILED) {
            throw new IOException("not authorized to describe topic '" + topic + "'");
        }
        return true;
    }

    private MetadataResponse.Topic describe(String topic) throws IOException {
        short v = versions.pick(ApiKey.METADATA);
        MetadataResponse md = MetadataResponse.read(exchange(MetadataRequest.forTopics(List.of(topic)), v), v);
        for (MetadataResponse.Topic t : md.topics()) {
            if (topic.equals(t.name())) {
                return t;
            }
        }
        throw new IOException("metadata response did not mention topic '" + topic + "'");
    }

    private void create(String topic, int partitions, short replicationFactor, Duration timeout) throws IOException {
        short v = versions.pick(ApiKey.CREATE_TOPICS);
        CreateTopicsRequest request = new CreateTopicsRequest(
                List.of(CreateTopicsRequest.Topic.of(topic, partitions, replicationFactor)),
                (int) timeout.toMillis(),
                false);
        CreateTopicsResponse response = CreateTopicsResponse.read(exchange(request, v), v);
        for (CreateTopicsResponse.TopicResult result : response.topics()) {
            Errors error = result.error();
            if (error.isError() && error != Errors.TOPIC_ALREADY_EXISTS) {
                throw new IOException("creating topic '" + topic + "' failed with " + error.name()
                        + (result.errorMessage() == null ? "" : ": " + result.errorMessage()));
            }
        }
    }

    private void awaitLeaders(String topic, long deadlineNanos) throws IOException {
        while (true) {
            MetadataResponse.Topic t = describe(topic);
            if (!t.error().isError()
                    && !t.partitions().isEmpty()
                    && t.partitions().stream().allMatch(p -> p.leaderId() >= 0)) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException("topic '" + topic + "' has no leader for every partition yet ("
                        + t.error().name() + ")");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private ByteReader exchange(Request request, short version) throws IOException {
        int id = ++correlationId;
        writer.reset();
        RequestHeader.writeFrame(writer, request, version, id, "sluice-cli");
        out.write(writer.array(), 0, writer.position());
        out.flush();
        int size = in.readInt();
        if (size < 4 || size > MAX_RESPONSE_BYTES) {
            throw new IOException("broker sent a response frame of " + size + " bytes");
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        ByteReader reader = ByteReader.of(frame);
        int got = ResponseHeader.readCorrelationId(reader, request.apiKey(), version);
        if (got != id) {
            throw new IOException("broker answered correlation id " + got + ", expected " + id);
        }
        return reader;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
