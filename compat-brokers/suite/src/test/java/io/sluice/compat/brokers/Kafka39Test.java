package io.sluice.compat.brokers;

/** The core producer contracts against an Apache Kafka 3.9 broker: transaction protocol v1 only. */
class Kafka39Test extends OneBrokerVersion {
    Kafka39Test() {
        super("3.9", 1);
    }
}
