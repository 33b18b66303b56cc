package io.sluice.producer.internal.net;

import java.io.IOException;

/** No response came within {@code request.timeout.ms}; the connection was closed because of it. */
public final class RequestTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }
}
