package io.sluice.protocol.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written wire bytes, one field per argument so each can carry its own comment: either hex byte pairs
 * separated by spaces ({@code "00 12"}) or text in single quotes ({@code "'sluice'"}) for its UTF-8 bytes.
 */
final class Golden {
    private Golden() {}

    static byte[] bytes(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            if (field.length() >= 2 && field.startsWith("'") && field.endsWith("'")) {
                out.writeBytes(field.substring(1, field.length() - 1).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            for (String pair : field.trim().split("\\s+")) {
                if (!pair.isEmpty()) {
                    out.write(Integer.parseInt(pair, 16));
                }
            }
        }
        return out.toByteArray();
    }
}
