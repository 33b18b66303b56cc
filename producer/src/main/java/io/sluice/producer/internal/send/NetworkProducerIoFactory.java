package io.sluice.producer.internal.send;

/** Creates the network back half of a producer; {@code SluiceProducer} finds it by name. */
public final class NetworkProducerIoFactory implements ProducerIo.Factory {
    /** Used by {@code SluiceProducer}, reflectively. */
    public NetworkProducerIoFactory() {}

    @Override
    public ProducerIo create(ProducerIo.Context context) {
        return new SenderLoop(context);
    }
}
