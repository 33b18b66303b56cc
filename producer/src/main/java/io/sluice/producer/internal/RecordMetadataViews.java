package io.sluice.producer.internal;

import io.sluice.producer.RecordMetadata;

/**
 * Builds {@link RecordMetadata} that reads its values from a shared per-batch {@link Source} instead of copying
 * them, so completing a record allocates one small object (a reference and an index) rather than a copy of six
 * fields. The public API keeps only the value constructor; this bridge is how the producer reaches the view
 * constructor, which {@link RecordMetadata} installs when its class initializes.
 */
public final class RecordMetadataViews {
    /**
     * The values of several records, by index (a batch's records by offset delta). Implementations must be
     * immutable once a view of them is handed out: a caller may keep its {@link RecordMetadata} forever.
     */
    public interface Source {
        /** Returns the records' topic. */
        String topic();

        /** Returns the records' partition, or {@code -1}. */
        int partition();

        /** Returns record {@code index}'s offset, or {@link RecordMetadata#UNKNOWN_OFFSET}. */
        long offset(int index);

        /** Returns record {@code index}'s timestamp, or {@code -1}. */
        long timestamp(int index);

        /** Returns record {@code index}'s serialized key size, or {@code -1}. */
        int serializedKeySize(int index);

        /** Returns record {@code index}'s serialized value size, or {@code -1}. */
        int serializedValueSize(int index);
    }

    /** Creates the view of record {@code index} of a source; installed by {@link RecordMetadata}. */
    @FunctionalInterface
    public interface Factory {
        /** Returns the metadata of record {@code index} of {@code source}. */
        RecordMetadata create(Source source, int index);
    }

    private static volatile Factory factory;

    private RecordMetadataViews() {}

    /** Installs the view constructor; called once, from {@link RecordMetadata}'s class initialization. */
    public static void install(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("already installed");
        }
        factory = f;
    }

    /** Returns the metadata of record {@code index} of {@code source}, reading through to it. */
    public static RecordMetadata of(Source source, int index) {
        Factory f = factory;
        if (f == null) {
            f = initialized();
        }
        return f.create(source, index);
    }

    private static Factory initialized() {
        try {
            // Initializing RecordMetadata runs its install() call.
            Class.forName(RecordMetadata.class.getName(), true, RecordMetadata.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return factory;
    }
}
