/**
 * A fault-injecting TCP proxy for tests: {@link io.sluice.testkit.proxy.FaultProxy} listens on 127.0.0.1 in front of
 * one server and, while traffic flows, adds latency per {@link io.sluice.testkit.proxy.Direction}, caps bandwidth,
 * stalls, swallows responses after the server handled the request, resets connections, or turns into a blackhole.
 * {@link io.sluice.testkit.proxy.ProxyStats} counts bytes and connections.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", serverPort))) {
 *     // point the client at proxy.address()
 *     proxy.latency(Direction.SERVER_TO_CLIENT, Duration.ofMillis(200));
 *     proxy.dropNextResponses(1);     // the server handles the request, the client sees a disconnect
 *     proxy.blackhole(true);          // requests time out
 *     proxy.clearFaults();
 * }
 * }</pre>
 *
 * <p>Depends on nothing but the JDK.
 */
package io.sluice.testkit.proxy;
