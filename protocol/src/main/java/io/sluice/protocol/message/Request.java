package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteWriter;

/** A request body that can encode itself at any version its {@link ApiKey} supports. */
public interface Request {
    /** The API this request belongs to. */
    ApiKey apiKey();

    /**
     * Appends the body at {@code version} to {@code w}: no size prefix, no header. Throws
     * {@link IllegalArgumentException} for a version outside the API's range or a value the version cannot
     * carry (for example a topic without id at Produce v13).
     */
    void write(ByteWriter w, short version);
}
