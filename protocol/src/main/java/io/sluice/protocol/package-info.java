/**
 * The Kafka wire protocol, as bytes: primitive types, one codec per API a producer speaks, the record batch
 * v2 format and its compression codecs, and every Kafka error code. This package knows nothing about
 * producers, so a consumer or an admin client could be built on it.
 */
package io.sluice.protocol;
