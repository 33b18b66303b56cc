/**
 * The producer's network layer: one non-blocking selector driven by the I/O thread, one connection per broker.
 *
 * <pre>
 *  Sender / MetadataManager
 *        |  Network (the seam tests replace)
 *        v
 *  NetworkClient --- one Selector, NodeState per broker (backoff, resolved addresses)
 *        |
 *  Connection ------ state CONNECTING → HANDSHAKING → NEGOTIATING (ApiVersions) → READY
 *        |           out: reused ByteWriter, frames encoded in place;  in: FrameReader, reused buffer
 *  Transport ------- PlaintextTransport today; TLS and SASL slot in here
 * </pre>
 *
 * <p>Invariants: only the I/O thread touches connections ({@code wakeup()} excepted); responses on a connection
 * come back in request order, so the next response belongs to the oldest request that expects one; a request
 * unanswered after {@code request.timeout.ms} closes its connection and fails everything in flight on it.
 */
package io.sluice.producer.internal.net;
