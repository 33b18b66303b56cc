/**
 * Real Apache Kafka brokers started in the current JVM for tests, and helpers that read back what reached
 * them with Apache Kafka's own consumer. Depends on none of Sluice's modules.
 */
package io.sluice.testkit;
