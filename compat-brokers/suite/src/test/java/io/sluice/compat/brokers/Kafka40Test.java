package io.sluice.compat.brokers;

/** The core producer contracts against an Apache Kafka 4.0 broker: transaction protocols v1 and v2. */
class Kafka40Test extends OneBrokerVersion {
    Kafka40Test() {
        super("4.0", 2);
    }
}
