package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineParserTest {
    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void plainLineIsTheValue() {
        LineParser.Line line = new LineParser(Map.of()).parse("hello\tworld", 1);
        assertThat(line.key()).isNull();
        assertThat(str(line.value())).isEqualTo("hello\tworld");
        assertThat(line.headers()).isEmpty();
    }

    @Test
    void splitsHeadersKeyAndValue() {
        LineParser parser = new LineParser(Map.of("parse.key", "true", "key.separator", ":", "parse.headers", "true"));
        LineParser.Line line = parser.parse("h1:v1,h2:v2\tuser-7:clicked", 1);
        assertThat(line.headers()).extracting(LineParser.HeaderField::key).containsExactly("h1", "h2");
        assertThat(str(line.headers().get(1).value())).isEqualTo("v2");
        assertThat(str(line.key())).isEqualTo("user-7");
        assertThat(str(line.value())).isEqualTo("clicked");
    }

    @Test
    void nullMarkerMakesNulls() {
        LineParser parser = new LineParser(Map.of("parse.key", "true", "null.marker", "NULL"));
        LineParser.Line line = parser.parse("NULL\tNULL", 1);
        assertThat(line.key()).isNull();
        assertThat(line.value()).isNull();
    }

    @Test
    void missingSeparatorIsAnErrorUnlessIgnored() {
        assertThatThrownBy(() -> new LineParser(Map.of("parse.key", "true")).parse("novalue", 3))
                .hasMessageContaining("line 3: no key separator");
        LineParser lenient = new LineParser(Map.of("parse.key", "true", "ignore.error", "true"));
        assertThat(str(lenient.parse("novalue", 3).value())).isEqualTo("novalue");
    }

    @Test
    void unknownPropertyIsAUsageError() {
        assertThatThrownBy(() -> new LineParser(Map.of("parse.kye", "true")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("parse.kye");
    }
}
