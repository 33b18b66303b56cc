/**
 * The Sluice producer's public API: {@code SluiceProducer}, records, metadata, callbacks and configuration.
 * Everything under {@code io.sluice.producer.internal} is private to the library and free to change.
 */
package io.sluice.producer;
