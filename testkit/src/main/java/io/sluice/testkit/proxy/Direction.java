package io.sluice.testkit.proxy;

/** Which way bytes flow through a {@link FaultProxy}: from the client to the server it fronts, or back. */
public enum Direction {
    /** Requests: bytes the client writes, on their way to the server. */
    CLIENT_TO_SERVER,
    /** Responses: bytes the server writes, on their way back to the client. */
    SERVER_TO_CLIENT
}
