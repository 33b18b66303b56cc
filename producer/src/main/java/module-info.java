/**
 * The Sluice Kafka producer. Only the API packages are exported; everything under
 * {@code io.sluice.producer.internal} stays inside the module.
 *
 * <p>Plug-ins named in settings (serializers, partitioners, interceptors, metric reporters, callback handlers)
 * are loaded by class name through the thread's context class loader, then this module's: from the class path,
 * or from a named module that exports the plug-in's package.
 */
module io.sluice.producer {
    // The codecs' classes appear in no API signature, but the producer's API names compression types by name only,
    // so the protocol module is read without being re-exported.
    requires io.sluice.protocol;
    // Kafka's JmxReporter (the default metric reporter) maps to Sluice's own, on the platform MBean server.
    requires java.management;
    // The OAuth login fetches tokens from the token endpoint with the JDK's HTTP client.
    requires java.net.http;

    exports io.sluice.producer;
    exports io.sluice.producer.errors;
    exports io.sluice.producer.metrics;
    exports io.sluice.producer.partition;
    exports io.sluice.producer.serde;
}
