package io.sluice.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports of 127.0.0.1 for nodes to bind later.
 *
 * <p>Not API: see {@link io.sluice.testkit.internal}.
 */
public final class FreePorts {
    /** Fixed ports are picked from here up to the start of the kernel's ephemeral range. */
    private static final int FIXED_PORTS_FLOOR = 15_000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port the kernel reports free now, from its ephemeral range. */
    public static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port of 127.0.0.1 that is free now and that nobody is likely to take before a node binds it, which may be
     * seconds later. Ports bound to 0 and outgoing connections take their ports from the kernel's ephemeral range,
     * so ports are picked at random below it, where only a deliberate bind can clash; a port is never handed out
     * twice in one JVM. Falls back to {@link #ephemeral()} where the range is unknown or leaves too little room.
     */
    public static int fixed() {
        int low = ephemeralRangeStart();
        if (low - FIXED_PORTS_FLOOR < 1_000) {
            return ephemeral();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FIXED_PORTS_FLOOR, low);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        return ephemeral();
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range, or 0 where it cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
