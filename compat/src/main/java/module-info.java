/**
 * kafka-clients' {@code Producer} interface over the Sluice producer, and a Kafka Streams client supplier.
 *
 * <p>kafka-clients and Kafka Streams are the user's own jars, with the module names derived from their file names
 * ({@code kafka.clients}, {@code kafka.streams}). kafka-clients is required: every type here implements or takes
 * one of its types. Kafka Streams is {@code requires static}: only {@code io.sluice.kafka.streams} uses it, and an
 * application without Streams never loads that package.
 */
// kafka-clients and Kafka Streams are automatic modules (no module-info of their own); reading them is intended.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.sluice.kafka {
    requires transitive kafka.clients;
    requires static transitive kafka.streams;
    // transitive: KafkaPartitionerBridge is a Sluice Partitioner.
    requires transitive io.sluice.producer;

    exports io.sluice.kafka;
    exports io.sluice.kafka.streams;
}
