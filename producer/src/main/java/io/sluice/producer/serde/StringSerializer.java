package io.sluice.producer.serde;

import io.sluice.producer.errors.SerializationException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * Encodes strings, in UTF-8 unless {@code key.serializer.encoding} / {@code value.serializer.encoding} (or, for
 * both, {@code serializer.encoding}) names another charset. Kafka name:
 * {@code org.apache.kafka.common.serialization.StringSerializer}.
 */
public class StringSerializer implements Serializer<String> {
    private volatile Charset charset = StandardCharsets.UTF_8;

    /** Creates a UTF-8 serializer. */
    public StringSerializer() {}

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = Encodings.configured(configs, isKey, charset);
    }

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(charset);
    }

    /** Resolves the encoding settings shared by the string-based serializers. */
    static final class Encodings {
        private Encodings() {}

        static Charset configured(Map<String, ?> configs, boolean isKey, Charset fallback) {
            Object name = configs.get(isKey ? "key.serializer.encoding" : "value.serializer.encoding");
            if (name == null) {
                name = configs.get("serializer.encoding");
            }
            if (!(name instanceof String s)) {
                return fallback;
            }
            try {
                return Charset.forName(s);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new SerializationException("Unsupported serializer encoding " + s, null, -1, null, e);
            }
        }
    }
}
