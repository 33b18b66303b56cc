package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {
    private static Flags parse(String... args) {
        return Flags.parse(args, Set.of("topic", "num-records"), Set.of("producer-props"), Set.of("json"));
    }

    @Test
    void readsSingleListAndSwitchFlags() {
        Flags f = parse("--topic", "t", "--producer-props", "acks=1", "linger.ms=0", "--json", "--num-records=5");
        assertThat(f.get("topic", null)).isEqualTo("t");
        assertThat(f.list("producer-props")).containsExactly("acks=1", "linger.ms=0");
        assertThat(f.has("json")).isTrue();
        assertThat(f.getLong("num-records", 0)).isEqualTo(5);
    }

    @Test
    void namesTheFlagInEveryError() {
        assertThatThrownBy(() -> parse("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> parse("--topic")).hasMessageContaining("--topic needs a value");
        assertThatThrownBy(() -> parse("--topic", "a", "--topic", "b")).hasMessageContaining("--topic given twice");
        assertThatThrownBy(() -> parse("--json=yes")).hasMessageContaining("--json takes no value");
        assertThatThrownBy(() -> parse("--num-records", "many").getLong("num-records", 0))
                .hasMessageContaining("--num-records must be a whole number, got 'many'");
        assertThatThrownBy(() -> parse("stray")).hasMessageContaining("unexpected argument 'stray'");
    }
}
