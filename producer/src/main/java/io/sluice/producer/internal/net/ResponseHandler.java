package io.sluice.producer.internal.net;

import io.sluice.protocol.types.ByteReader;
import java.io.IOException;

/**
 * Receives the outcome of one request. Called on the I/O thread, exactly once per request.
 */
public interface ResponseHandler {

    /**
     * The response arrived.
     *
     * @param body the response body after the header, or null for a request sent without expecting a
     *     response (Produce with acks=0), in which case this call means its bytes were written to the socket.
     *     The reader is valid only during this call: the connection reads its next frame into the same memory.
     * @param version the API version the request was sent with
     */
    void onResponse(ByteReader body, short version, long nowMs);

    /**
     * The request failed before a response arrived: the connection broke, the request timed out ({@link
     * RequestTimeoutException}), or the producer is closing. A request that failed this way may or may not
     * have been processed by the broker.
     */
    void onFailure(IOException cause, long nowMs);
}
