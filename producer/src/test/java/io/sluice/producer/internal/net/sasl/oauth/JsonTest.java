package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsATokenAnswerWithEveryKindOfValue() {
        Map<String, Object> answer = Json.readObject(" {\"access_token\":\"a.b.c\", \"expires_in\":3600,"
                + " \"ratio\":-1.5e2, \"ok\":true, \"no\":false, \"none\":null, \"scopes\":[\"a\",[],{}],"
                + " \"esc\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}\n");

        assertThat(answer)
                .containsEntry("access_token", "a.b.c")
                .containsEntry("expires_in", 3600L)
                .containsEntry("ratio", -150.0)
                .containsEntry("ok", true)
                .containsEntry("no", false)
                .containsEntry("none", null)
                .containsEntry("scopes", List.of("a", List.of(), Map.of()))
                .containsEntry("esc", "q\"\\/\b\f\n\r\t\u00e9");
        assertThat(answer.keySet()).first().isEqualTo("access_token");
    }

    @Test
    void aNumberTooLargeForALongBecomesADouble() {
        assertThat(Json.read("123456789012345678901234")).isEqualTo(1.2345678901234568e23);
    }

    @Test
    void malformedTextFailsNamingTheOffsetButNotTheText() {
        String secretish = "{\"access_token\":\"s3cr3t-token\" \"x\":1}";

        assertThatThrownBy(() -> Json.read(secretish))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed JSON at offset 31: expected ',' or '}'")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesTrailingTextUnterminatedStringsAndBadLiterals() {
        for (String bad : List.of("{} x", "\"open", "[1,]", "tru", "{\"a\" 1}", "01x", "\"\\x\"", "-", "\"\u0001\"")) {
            assertThatThrownBy(() -> Json.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> Json.read("[".repeat(10_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("levels of nesting");
    }

    @Test
    void readObjectRefusesAnythingButAnObject() {
        assertThatThrownBy(() -> Json.readObject("[1]")).hasMessage("the JSON text is not an object");
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "a\"b\\c\n\u0001");
        value.put("n", 42L);
        value.put("d", 1.5);
        value.put("b", true);
        value.put("z", null);
        value.put("l", List.of(1L, "x"));

        String text = Json.write(value);

        assertThat(text)
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":42,\"d\":1.5,\"b\":true,\"z\":null,"
                        + "\"l\":[1,\"x\"]}");
        assertThat(Json.read(text)).isEqualTo(value);
    }
}
