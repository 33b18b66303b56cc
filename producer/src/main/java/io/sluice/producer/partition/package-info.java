/**
 * Partitioning: the {@link io.sluice.producer.partition.Partitioner} SPI for {@code partitioner.class}, the key
 * hash shared with Apache Kafka's Java client ({@link io.sluice.producer.partition.KeyHashing}) and a round-robin
 * built-in. Without {@code partitioner.class} the producer partitions keyed records by key hash and keyless
 * records with the built-in uniform sticky (optionally adaptive) partitioner.
 */
package io.sluice.producer.partition;
