package io.sluice.producer.internal.accumulate;

import java.util.Set;

/**
 * The answer of {@link RecordAccumulator#ready}: the brokers that lead a partition with a sendable batch, how long
 * until another batch may become sendable, and the topics with data but a partition whose leader is unknown.
 *
 * @param readyNodes broker ids with at least one sendable batch
 * @param nextReadyCheckDelayMs how long the sender may sleep before checking again (linger or backoff left)
 * @param unknownLeaderTopics topics whose metadata should be refreshed
 */
public record ReadyCheck(Set<Integer> readyNodes, long nextReadyCheckDelayMs, Set<String> unknownLeaderTopics) {}
