package io.sluice.producer;

import io.sluice.producer.internal.net.Secrets;

/** Tests of the security layer reach a config's secrets as the producer does, through the internal path. */
public final class TestSecrets {
    private TestSecrets() {}

    /** Returns the secrets of {@code config}, as {@code SluiceProducer} hands them to its security layer. */
    public static Secrets of(ProducerConfig config) {
        return Secrets.of(config.secrets());
    }
}
