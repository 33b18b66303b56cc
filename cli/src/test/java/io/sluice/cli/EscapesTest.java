package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapesTest {
    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        StringBuilder sb = new StringBuilder();
        Escapes.jsonString(sb, "a\"b\\c\nd\u0001");
        assertThat(sb).hasToString("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void htmlTextEscapesMarkupAndQuotes() {
        assertThat(Escapes.html("<a href=\"x\">&</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
