package io.sluice.producer.internal.net.sasl;

/**
 * The client side of one SASL mechanism for one authentication: a small state machine fed with the broker's
 * challenges. Each instance is used once, on the I/O thread.
 *
 * <pre>
 *   initialResponse() --&gt; broker
 *   broker challenge  --&gt; evaluate(challenge) --&gt; next response, or null when the client has nothing more to say
 * </pre>
 */
interface SaslMechanismClient {

    /** The mechanism's registered name, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /** The first message; every mechanism here is client-first. */
    byte[] initialResponse();

    /**
     * Consumes the broker's next message.
     *
     * @return the next message to send, or null when the exchange is over from the client's side
     * @throws SaslFailure when the broker's message is malformed, reports an error or fails to prove itself
     */
    byte[] evaluate(byte[] challenge);

    /** Whether the exchange completed successfully from the client's side. */
    boolean isComplete();
}
