/**
 * Code shared by the in-process cluster ({@code io.sluice.testkit}) and the process cluster
 * ({@code io.sluice.testkit.process}): deadlines and polling, the brokers' default server properties and listener
 * strings, the admin-client helpers for topics, leaders and ISRs, and the JUnit root-store sharing.
 *
 * <p><b>Not API.</b> The types here are public only so that both packages can use one copy of this logic; code outside the
 * testkit must not use them, and they change without notice. Use {@link io.sluice.testkit.KafkaCluster},
 * {@link io.sluice.testkit.process.ProcessCluster} and the JUnit extensions instead.
 */
package io.sluice.testkit.internal;
