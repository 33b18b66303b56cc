package io.sluice.producer.internal.net;

import java.util.Map;

/**
 * The clear text of the password-typed settings ({@code ssl.key.password}, {@code sasl.jaas.config}, ...), handed
 * by the producer to the layers that authenticate. The public {@code ProducerConfig} never returns them; this is
 * the one internal path to them, and its {@code toString()} shows only which settings it holds.
 */
public final class Secrets {
    /** No secrets: for producers and tests without TLS keys or SASL credentials. */
    public static final Secrets NONE = new Secrets(Map.of());

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = values;
    }

    /** Returns the secrets of the given settings, by setting name; absent settings are not set. */
    public static Secrets of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new Secrets(Map.copyOf(values));
    }

    /** Returns a secret setting's clear text, or {@code null} when it is not set. */
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return "Secrets" + values.keySet();
    }
}
