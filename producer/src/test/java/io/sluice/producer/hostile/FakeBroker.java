package io.sluice.producer.hostile;

import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.ApiVersionsResponse;
import io.sluice.protocol.message.InitProducerIdResponse;
import io.sluice.protocol.message.MetadataRequest;
import io.sluice.protocol.message.MetadataResponse;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.message.RequestHeader;
import io.sluice.protocol.message.Response;
import io.sluice.protocol.message.ResponseHeader;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker on 127.0.0.1 that speaks the real protocol through Sluice's own codecs and can be told to answer
 * wrongly ({@link HostileAnswer}).
 *
 * <p>It is node {@link #NODE_ID} and the leader of every partition of its own topics. Optionally it stands
 * beside a real broker: then a second port relays every byte to and from the real broker, rewriting only
 * Metadata so that both answer with the same picture:
 *
 * <pre>
 *                  +--- 127.0.0.1:fakePort  --- node 900, leads the fake topics, may misbehave
 *  producer -------+
 *                  +--- 127.0.0.1:relayPort --- relays to the real broker, leads the real topics, always right
 * </pre>
 *
 * The real broker never hears the fake topics' names, so it cannot auto-create them, and it answers the
 * fake node's Metadata and InitProducerId, so the producer id is a real one. Only one real broker is supported.
 *
 * <p>Faults apply to the fake node only, per API: {@link #answerNext} for the next request, {@link
 * #answerAlways} until {@link #heal()}.
 */
final class FakeBroker implements AutoCloseable {
    /** The fake node's id; far from the ids testkit's brokers use. */
    static final int NODE_ID = 900;

    private static final String HOST = "127.0.0.1";

    private final ServerSocket fakeServer;
    private final ServerSocket relayServer;
    private final InetSocketAddress upstream;
    private final Map<String, Uuid> topics = new LinkedHashMap<>();
    private final int partitions;
    private final Map<ApiKey, Queue<HostileAnswer>> next = new ConcurrentHashMap<>();
    private final Map<ApiKey, HostileAnswer> always = new ConcurrentHashMap<>();
    private final Map<ApiKey, AtomicInteger> received = new EnumMap<>(ApiKey.class);
    private final Map<String, AtomicLong> recordsAccepted = new ConcurrentHashMap<>();
    private final List<AutoCloseable> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger hostileAnswers = new AtomicInteger();
    private volatile boolean closed;

    private FakeBroker(InetSocketAddress upstream, int partitions, List<String> fakeTopics) throws IOException {
        this.upstream = upstream;
        this.partitions = partitions;
        for (String t : fakeTopics) {
            UUID id = UUID.randomUUID();
            topics.put(t, new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()));
            recordsAccepted.put(t, new AtomicLong());
        }
        for (ApiKey key : ApiKey.values()) {
            received.put(key, new AtomicInteger());
        }
        InetAddress loopback = InetAddress.getByName(HOST);
        fakeServer = new ServerSocket(0, 50, loopback);
        relayServer = upstream == null ? null : new ServerSocket(0, 50, loopback);
        start("fake-broker-accept", () -> acceptLoop(fakeServer, false));
        if (relayServer != null) {
            start("fake-broker-relay-accept", () -> acceptLoop(relayServer, true));
        }
    }

    /** A fake broker alone: the whole cluster is node 900 with the given topics of one partition each. */
    static FakeBroker alone(String... fakeTopics) throws IOException {
        return new FakeBroker(null, 1, List.of(fakeTopics));
    }

    /** A fake broker beside the real broker at {@code realBootstrap} ("host:port" of a single-node cluster). */
    static FakeBroker beside(String realBootstrap, String... fakeTopics) throws IOException {
        String first = realBootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        InetSocketAddress real =
                new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
        return new FakeBroker(real, 1, List.of(fakeTopics));
    }

    /** The fake node first, then the relay for the real broker if there is one. */
    String bootstrapServers() {
        String fake = HOST + ":" + fakeServer.getLocalPort();
        return relayServer == null ? fake : fake + "," + HOST + ":" + relayServer.getLocalPort();
    }

    /** Answers the next request of {@code key} to the fake node with {@code answer}, then rightly again. */
    void answerNext(ApiKey key, HostileAnswer answer) {
        next.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(answer);
    }

    /** Answers every request of {@code key} to the fake node with {@code answer} until {@link #heal()}. */
    void answerAlways(ApiKey key, HostileAnswer answer) {
        always.put(key, answer);
    }

    /** Back to right answers, on new connections too (a connection already silent stays silent). */
    void heal() {
        always.clear();
        next.clear();
    }

    /** Requests of {@code key} the fake node has received. */
    int received(ApiKey key) {
        return received.get(key).get();
    }

    /** Hostile answers written so far. */
    int hostileAnswers() {
        return hostileAnswers.get();
    }

    /** Records the fake node accepted (answered without error) for {@code topic}. */
    long recordsAccepted(String topic) {
        return recordsAccepted.get(topic).get();
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop(ServerSocket server, boolean relay) {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                start(relay ? "fake-broker-relay" : "fake-broker-conn", () -> serve(s, relay));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, boolean relay) {
        try (socket;
                UpstreamLink up = upstream == null ? null : new UpstreamLink(upstream)) {
            if (up != null) {
                sockets.add(up); // closed with the broker, so no thread stays blocked on the real broker
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean silent = false;
            while (!closed) {
                byte[] frame = readFrame(in);
                if (silent) {
                    continue; // a hung broker reads and never answers
                }
                ByteReader r = ByteReader.of(frame);
                r.readInt();
                RequestHeader.Parsed header = RequestHeader.read(r);
                byte[] answer = relay ? relay(header, frame, r, up) : answer(header, frame, r, up);
                if (answer == null) {
                    continue;
                }
                HostileAnswer fault = relay ? null : faultFor(header.apiKey());
                if (fault == null) {
                    out.write(answer);
                    out.flush();
                    continue;
                }
                hostileAnswers.incrementAndGet();
                HostileAnswer.Rendering bad = fault.render(
                        header.apiKey(),
                        header.apiVersion(),
                        header.correlationId(),
                        answer,
                        fault == HostileAnswer.UNKNOWN_ERROR_CODE ? unknownCodeAnswer(header, frame) : null);
                out.write(bad.bytes());
                out.flush();
                if (bad.then() == HostileAnswer.Then.CLOSE) {
                    return;
                }
                silent = bad.then() == HostileAnswer.Then.GO_SILENT;
            }
        } catch (EOFException | SocketException e) {
            // The client hung up, or the broker is closing.
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.getLogger(FakeBroker.class.getName())
                        .log(System.Logger.Level.WARNING, "fake broker connection failed", e);
            }
        }
    }

    private HostileAnswer faultFor(ApiKey key) {
        if (key == null) {
            return null;
        }
        Queue<HostileAnswer> queued = next.get(key);
        HostileAnswer once = queued == null ? null : queued.poll();
        return once != null ? once : always.get(key);
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > (64 << 20)) {
            throw new IOException("request frame size " + size);
        }
        byte[] frame = new byte[4 + size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        in.readFully(frame, 4, size);
        return frame;
    }

    // ---- the fake node ----

    /** The right answer of node 900 as a whole frame, or null when none is due (Produce with acks=0). */
    private byte[] answer(RequestHeader.Parsed header, byte[] frame, ByteReader body, UpstreamLink up)
            throws IOException {
        ApiKey key = header.apiKey();
        if (key == null) {
            throw new IOException("unknown api key " + header.apiKeyId());
        }
        received.get(key).incrementAndGet();
        short version = header.apiVersion();
        return switch (key) {
            case API_VERSIONS -> frame(apiVersions(), version, header.correlationId());
            case METADATA -> frame(metadata(MetadataRequest.read(body, version), version, up), version, header);
            case PRODUCE -> {
                ProduceRequest request = ProduceRequest.read(body, version);
                ProduceResponse response = produce(request, (short) 0);
                yield request.acks() == 0 ? null : frame(response, version, header.correlationId());
            }
            case INIT_PRODUCER_ID ->
                up != null
                        ? up.forward(frame)
                        : frame(new InitProducerIdResponse(0, (short) 0, 4242L, (short) 0), version, header);
            default -> throw new IOException("the fake broker does not speak " + key);
        };
    }

    private byte[] unknownCodeAnswer(RequestHeader.Parsed header, byte[] frame) {
        if (header.apiKey() != ApiKey.PRODUCE) {
            return null;
        }
        ByteReader r = ByteReader.of(frame);
        r.readInt();
        RequestHeader.read(r);
        ProduceRequest request = ProduceRequest.read(r, header.apiVersion());
        return frame(produce(request, HostileAnswer.UNKNOWN_CODE), header.apiVersion(), header.correlationId());
    }

    private static ApiVersionsResponse apiVersions() {
        List<ApiVersionsResponse.ApiVersion> apis = new ArrayList<>();
        for (ApiKey key : List.of(ApiKey.PRODUCE, ApiKey.METADATA, ApiKey.API_VERSIONS, ApiKey.INIT_PRODUCER_ID)) {
            apis.add(new ApiVersionsResponse.ApiVersion(key.id(), key.oldestVersion(), key.latestVersion()));
        }
        return new ApiVersionsResponse((short) 0, apis, 0, List.of(), -1L, List.of(), false);
    }

    /** Accepts every batch at the next offsets of its partition, or refuses all with {@code errorCode}. */
    private ProduceResponse produce(ProduceRequest request, short errorCode) {
        List<ProduceResponse.TopicResponse> topicResponses = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            String name = t.name() != null ? t.name() : nameOf(t.topicId());
            AtomicLong accepted = name == null ? null : recordsAccepted.get(name);
            List<ProduceResponse.PartitionResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                short code = accepted == null ? (short) 3 : errorCode; // 3: UNKNOWN_TOPIC_OR_PARTITION
                long base = -1;
                if (code == 0) {
                    // record count of a v2 batch: int32 at byte 57 of its header
                    int records = p.records().getInt(p.records().position() + 57);
                    base = accepted.getAndAdd(records);
                }
                parts.add(new ProduceResponse.PartitionResponse(
                        p.index(), code, base, -1L, 0L, List.of(), null, ProduceResponse.LeaderIdAndEpoch.UNKNOWN));
            }
            topicResponses.add(new ProduceResponse.TopicResponse(t.name(), t.topicId(), parts));
        }
        return new ProduceResponse(topicResponses, 0, List.of());
    }

    private String nameOf(Uuid id) {
        for (Map.Entry<String, Uuid> e : topics.entrySet()) {
            if (e.getValue().equals(id)) {
                return e.getKey();
            }
        }
        return null;
    }

    // ---- metadata, the same from both ports ----

    private MetadataResponse metadata(MetadataRequest request, short version, UpstreamLink up) throws IOException {
        List<MetadataResponse.Broker> brokers = new ArrayList<>();
        brokers.add(new MetadataResponse.Broker(NODE_ID, HOST, fakeServer.getLocalPort(), null));
        List<MetadataResponse.Topic> described = new ArrayList<>();
        List<MetadataRequest.Topic> realWanted = request.topics() == null ? null : new ArrayList<>();
        Set<String> fakeWanted = request.topics() == null ? topics.keySet() : new java.util.HashSet<>();
        if (request.topics() != null) {
            for (MetadataRequest.Topic t : request.topics()) {
                if (t.name() != null && topics.containsKey(t.name())) {
                    fakeWanted.add(t.name());
                } else {
                    realWanted.add(t);
                }
            }
        }
        for (String name : fakeWanted) {
            described.add(fakeTopic(name));
        }
        String clusterId = "sluice-fake-cluster";
        int controllerId = NODE_ID;
        if (up != null) {
            MetadataRequest stripped = new MetadataRequest(
                    realWanted,
                    request.allowAutoTopicCreation(),
                    request.includeClusterAuthorizedOperations(),
                    request.includeTopicAuthorizedOperations());
            MetadataResponse real = up.metadata(stripped, version);
            for (MetadataResponse.Broker b : real.brokers()) {
                brokers.add(new MetadataResponse.Broker(b.nodeId(), HOST, relayServer.getLocalPort(), b.rack()));
            }
            for (MetadataResponse.Topic t : real.topics()) {
                if (!topics.containsKey(t.name())) {
                    described.add(t);
                }
            }
            clusterId = real.clusterId();
            controllerId = real.controllerId();
        }
        return new MetadataResponse(0, brokers, clusterId, controllerId, described, Integer.MIN_VALUE, (short) 0);
    }

    private MetadataResponse.Topic fakeTopic(String name) {
        List<MetadataResponse.Partition> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new MetadataResponse.Partition(
                    (short) 0, p, NODE_ID, 0, List.of(NODE_ID), List.of(NODE_ID), List.of()));
        }
        return new MetadataResponse.Topic((short) 0, name, topics.get(name), false, parts, Integer.MIN_VALUE);
    }

    // ---- the relay for the real broker ----

    private byte[] relay(RequestHeader.Parsed header, byte[] frame, ByteReader body, UpstreamLink up)
            throws IOException {
        ApiKey key = header.apiKey();
        if (key == ApiKey.METADATA) {
            MetadataResponse merged =
                    metadata(MetadataRequest.read(body, header.apiVersion()), header.apiVersion(), up);
            return frame(merged, header.apiVersion(), header);
        }
        if (key == ApiKey.PRODUCE
                && ProduceRequest.read(body, header.apiVersion()).acks() == 0) {
            up.forwardOneWay(frame);
            return null;
        }
        return up.forward(frame);
    }

    private static byte[] frame(Response response, short version, RequestHeader.Parsed header) {
        return frame(response, version, header.correlationId());
    }

    private static byte[] frame(Response response, short version, int correlationId) {
        ByteWriter w = new ByteWriter(256);
        ResponseHeader.writeFrame(w, response, version, correlationId);
        return w.toByteArray();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        fakeServer.close();
        if (relayServer != null) {
            relayServer.close();
        }
        for (AutoCloseable s : sockets) {
            try {
                s.close();
            } catch (Exception e) {
                // Closing anyway.
            }
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
