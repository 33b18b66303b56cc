package io.sluice.producer.internal.net.sasl;

import io.sluice.producer.errors.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One login module entry of {@code sasl.jaas.config}, in the JAAS file syntax Kafka accepts:
 *
 * <pre>
 * entry   = module-class SP flag *( SP name "=" value ) ";"
 * flag    = "required" / "requisite" / "sufficient" / "optional"
 * value   = token / DQUOTE *( char / "\" char ) DQUOTE
 * </pre>
 *
 * for example {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="alice"
 * password="alice-secret";}. Exactly one entry is allowed, as in Kafka.
 *
 * <p>The text holds passwords: neither {@link #toString()} nor any parse error ever repeats a value; errors
 * point at a character position instead.
 */
public final class JaasConfig {
    private static final Set<String> FLAGS = Set.of("required", "requisite", "sufficient", "optional");
    private static final String KEY = "sasl.jaas.config";

    private final String loginModule;
    private final String flag;
    private final Map<String, String> options;

    private JaasConfig(String loginModule, String flag, Map<String, String> options) {
        this.loginModule = loginModule;
        this.flag = flag;
        this.options = Collections.unmodifiableMap(options);
    }

    /**
     * Parses the setting's text.
     *
     * @throws ConfigException naming the position of the first error, never the text itself
     */
    public static JaasConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(KEY, "[hidden]", "the JAAS configuration is empty");
        }
        Parser p = new Parser(text);
        String module = p.word("a login module class name");
        String flag = p.word("a control flag").toLowerCase(Locale.ROOT);
        if (!FLAGS.contains(flag)) {
            throw p.error("the control flag must be one of required, requisite, sufficient or optional");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (!p.atSemicolon()) {
            String name = p.word("an option name");
            p.expect('=');
            String value = p.value();
            if (options.put(name, value) != null) {
                throw p.error("option " + name + " is given twice");
            }
        }
        p.expect(';');
        if (!p.atEnd()) {
            throw p.error("only one login module may be configured");
        }
        return new JaasConfig(module, flag, options);
    }

    /** The login module class named first, e.g. {@code org.apache.kafka.common.security.plain.PlainLoginModule}. */
    public String loginModule() {
        return loginModule;
    }

    /** The control flag, lower case. */
    public String flag() {
        return flag;
    }

    /** Every option in the order given; the map holds secrets, so never log it. */
    public Map<String, String> options() {
        return options;
    }

    /** An option's value, or null. */
    public String option(String name) {
        return options.get(name);
    }

    /**
     * An option that must be present.
     *
     * @throws ConfigException naming the option (never a value) when it is missing
     */
    public String requireOption(String name, String mechanism) {
        String value = options.get(name);
        if (value == null) {
            throw new ConfigException(KEY, "[hidden]", "the " + mechanism + " login module needs option " + name);
        }
        return value;
    }

    /** Names the module and the option names; every value shows as {@code [hidden]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(loginModule).append(' ').append(flag);
        for (String name : options.keySet()) {
            sb.append(' ').append(name).append("=[hidden]");
        }
        return sb.append(';').toString();
    }

    /** A hand-written scanner: small, and its errors can promise never to echo the input. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        ConfigException error(String what) {
            return new ConfigException(KEY, "[hidden]", what + " (at character " + pos + ")");
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean atSemicolon() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("the entry must end with ';'");
            }
            return text.charAt(pos) == ';';
        }

        boolean atEnd() {
            skipSpace();
            return pos >= text.length();
        }

        void expect(char c) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        String word(String what) {
            skipSpace();
            int start = pos;
            while (pos < text.length() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what);
            }
            return text.substring(start, pos);
        }

        String value() {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '"') {
                return quoted();
            }
            return word("an option value");
        }

        private String quoted() {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                sb.append(c);
            }
            pos = start;
            throw error("a quoted value is not closed");
        }

        private static boolean isWordChar(char c) {
            return !Character.isWhitespace(c) && c != '=' && c != ';' && c != '"';
        }
    }
}
