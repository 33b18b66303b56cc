package io.sluice.producer.errors;

/** A producer setting is missing, malformed or in conflict with another; the message names key, value and rule. */
public class ConfigException extends SluiceException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a full message. */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception for one bad value.
     *
     * @param key the setting
     * @param value the value given
     * @param rule what is allowed
     */
    public ConfigException(String key, Object value, String rule) {
        super("Invalid value " + value + " for configuration " + key + ": " + rule);
    }
}
