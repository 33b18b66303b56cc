/**
 * The one clock every internal layer reads ({@link io.sluice.producer.internal.time.Clock}), injected so tests
 * step time instead of sleeping. The bottom layer: it imports nothing of the producer.
 */
package io.sluice.producer.internal.time;
