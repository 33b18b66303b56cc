package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteWriter;

/**
 * A response body that can encode itself as a broker would. A producer only reads responses; the encoders
 * exist so tests can run a fake broker that answers in the real protocol, and so every decoder is proven by a
 * round trip.
 */
public interface Response {
    /** The API this response belongs to. */
    ApiKey apiKey();

    /** Appends the body at {@code version} to {@code w}: no size prefix, no header. */
    void write(ByteWriter w, short version);
}
