package io.sluice.producer;

import io.sluice.producer.partition.RoundRobinPartitioner;
import io.sluice.producer.serde.BuiltInSerializers;

/**
 * Resolves class names given in settings: well-known Kafka names map to Sluice's built-ins; other names load
 * through the thread's context class loader, then this library's.
 */
final class KnownClasses {
    private static final String KAFKA_PREFIX = "org.apache.kafka.";

    private KnownClasses() {}

    /** Returns the class for the name, or {@code null} when none can be found. */
    static Object resolve(String name) {
        Class<?> builtIn = BuiltInSerializers.forKafkaName(name);
        if (builtIn != null) {
            return builtIn;
        }
        if (name.equals("org.apache.kafka.clients.producer.RoundRobinPartitioner")) {
            return RoundRobinPartitioner.class;
        }
        if (name.equals("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler")
                || name.equals(
                        "org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler")) {
            // Kafka's OAuth login (token endpoint grants), which Sluice has built in: naming the provider
            // interface itself selects it.
            return OAuthBearerTokenProvider.class;
        }
        if (name.startsWith(KAFKA_PREFIX)) {
            // Kafka classes implement Kafka's interfaces, which Sluice cannot call.
            throw new io.sluice.producer.errors.ConfigException(
                    "Kafka class " + name + " has no Sluice equivalent; use a io.sluice.producer class instead");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, true, context != null ? context : KnownClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(name, true, KnownClasses.class.getClassLoader());
            } catch (ClassNotFoundException e2) {
                return null;
            }
        }
    }
}
