package io.sluice.producer.errors;

/** {@code send()} waited {@code max.block.ms} for {@code buffer.memory} to free up and gave up. */
public class BufferExhaustedException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BufferExhaustedException(String detail, String topic, int partition) {
        super(detail, topic, partition, null, null);
    }
}
