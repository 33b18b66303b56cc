package io.sluice.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a console line into headers, key and value, with the properties and defaults of Kafka's console
 * producer: {@code parse.headers}, {@code headers.delimiter} (tab), {@code headers.separator} (comma),
 * {@code headers.key.separator} (colon), {@code parse.key}, {@code key.separator} (tab),
 * {@code null.marker} (a field equal to it becomes null) and {@code ignore.error} (a line missing its
 * separator becomes the value instead of an error).
 *
 * <p>A line reads {@code [headers<headers.delimiter>][key<key.separator>]value}.
 */
final class LineParser {
    /** One parsed line; a null key or value means null on the record. */
    record Line(List<HeaderField> headers, byte[] key, byte[] value) {}

    /** A header as typed; the value is null where it equals {@code null.marker}. */
    record HeaderField(String key, byte[] value) {}

    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final String headerKeySeparator;
    private final String nullMarker;
    private final boolean ignoreError;

    LineParser(Map<String, String> props) {
        this.parseKey = Boolean.parseBoolean(props.getOrDefault("parse.key", "false"));
        this.keySeparator = props.getOrDefault("key.separator", "\t");
        this.parseHeaders = Boolean.parseBoolean(props.getOrDefault("parse.headers", "false"));
        this.headersDelimiter = props.getOrDefault("headers.delimiter", "\t");
        this.headersSeparator = props.getOrDefault("headers.separator", ",");
        this.headerKeySeparator = props.getOrDefault("headers.key.separator", ":");
        this.nullMarker = props.get("null.marker");
        this.ignoreError = Boolean.parseBoolean(props.getOrDefault("ignore.error", "false"));
        for (String name : props.keySet()) {
            if (!List.of(
                            "parse.key",
                            "key.separator",
                            "parse.headers",
                            "headers.delimiter",
                            "headers.separator",
                            "headers.key.separator",
                            "null.marker",
                            "ignore.error")
                    .contains(name)) {
                throw new UsageException("unknown --property " + name);
            }
        }
        if (keySeparator.isEmpty() || headersDelimiter.isEmpty() || headerKeySeparator.isEmpty()) {
            throw new UsageException("separators must not be empty");
        }
    }

    Line parse(String line, long lineNumber) {
        String rest = line;
        List<HeaderField> headers = List.of();
        if (parseHeaders) {
            int at = rest.indexOf(headersDelimiter);
            if (at < 0) {
                if (!ignoreError) {
                    throw new IllegalArgumentException(
                            "line " + lineNumber + ": no headers delimiter '" + printable(headersDelimiter) + "'");
                }
            } else {
                headers = parseHeaderList(rest.substring(0, at), lineNumber);
                rest = rest.substring(at + headersDelimiter.length());
            }
        }
        byte[] key = null;
        if (parseKey) {
            int at = rest.indexOf(keySeparator);
            if (at < 0) {
                if (!ignoreError) {
                    throw new IllegalArgumentException(
                            "line " + lineNumber + ": no key separator '" + printable(keySeparator) + "'");
                }
            } else {
                key = bytesOrNull(rest.substring(0, at));
                rest = rest.substring(at + keySeparator.length());
            }
        }
        return new Line(headers, key, bytesOrNull(rest));
    }

    private List<HeaderField> parseHeaderList(String text, long lineNumber) {
        List<HeaderField> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split(java.util.regex.Pattern.quote(headersSeparator), -1)) {
            int at = pair.indexOf(headerKeySeparator);
            if (at < 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": header '" + pair
                        + "' has no key separator '" + headerKeySeparator + "'");
            }
            String name = pair.substring(0, at);
            if (name.equals(nullMarker)) {
                throw new IllegalArgumentException("line " + lineNumber + ": a header key cannot be null");
            }
            out.add(new HeaderField(name, bytesOrNull(pair.substring(at + headerKeySeparator.length()))));
        }
        return out;
    }

    private byte[] bytesOrNull(String s) {
        return s.equals(nullMarker) ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String printable(String s) {
        return s.replace("\t", "\\t");
    }
}
