/**
 * Partitioning: the {@link io.sluice.producer.partition.Partitioner} SPI for {@code partitioner.class}, the key
 * hash shared with Apache Kafka's Java client ({@link io.sluice.producer.partition.KeyHashing}), a round-robin
 * built-in, and a consistent key mapping that moves few keys when partitions are added
 * ({@link io.sluice.producer.partition.JumpHashPartitioner}, a different mapping from the Java client's). Without {@code partitioner.class} the producer partitions keyed records by key hash and keyless
 * records with the built-in uniform sticky (optionally adaptive) partitioner.
 */
package io.sluice.producer.partition;
