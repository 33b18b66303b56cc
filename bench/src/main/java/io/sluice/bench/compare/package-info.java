/**
 * The side-by-side comparison of Sluice's producer with kafka-clients': {@link io.sluice.bench.compare.Compare}
 * drives a broker JVM ({@link io.sluice.bench.compare.BrokerMain}) and one fresh JVM per measured run
 * ({@link io.sluice.bench.compare.ProducerRun}), and reports medians, spreads and ratios as text, JSON and HTML.
 */
package io.sluice.bench.compare;
