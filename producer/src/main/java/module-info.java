/**
 * The Sluice Kafka producer. Only the API packages are exported; everything under
 * {@code io.sluice.producer.internal} stays inside the module.
 *
 * <p>Plug-ins named in settings (serializers, partitioners, interceptors, metric reporters, callback handlers)
 * are loaded by class name through the thread's context class loader, then this module's: from the class path,
 * or from a named module that exports the plug-in's package.
 */
module io.sluice.producer {
    // transitive: the API's Header extends the protocol's record Header.
    requires transitive io.sluice.protocol;
    // transitive: the API's JmxReporter (what Kafka's JmxReporter, the default reporter, maps to) takes an MBeanServer.
    requires transitive java.management;
    // The OAuth login fetches tokens from the token endpoint with the JDK's HTTP client.
    requires java.net.http;

    exports io.sluice.producer;
    exports io.sluice.producer.errors;
    exports io.sluice.producer.metrics;
    exports io.sluice.producer.partition;
    exports io.sluice.producer.serde;
}
