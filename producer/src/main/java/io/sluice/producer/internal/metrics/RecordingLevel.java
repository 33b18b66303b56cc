package io.sluice.producer.internal.metrics;

/** {@code metrics.recording.level}: a sensor records only when the producer's level includes the sensor's. */
public enum RecordingLevel {
    INFO,
    DEBUG,
    TRACE;

    /** Whether a sensor of level {@code sensorLevel} records under this configured level. */
    public boolean records(RecordingLevel sensorLevel) {
        return sensorLevel.ordinal() <= ordinal();
    }

    /** Parses the setting's value (INFO, DEBUG or TRACE, any case). */
    public static RecordingLevel parse(String value) {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
