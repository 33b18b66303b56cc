/** JMH micro-benchmarks of Sluice's hot paths and the side-by-side comparison with kafka-clients. */
package io.sluice.bench;
