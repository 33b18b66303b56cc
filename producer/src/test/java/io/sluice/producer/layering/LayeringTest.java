package io.sluice.producer.layering;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layering of docs/ARCHITECTURE.md true: see {@link LayerRule} for the rules. */
class LayeringTest {
    @Test
    void theProducerKeepsItsLayers() {
        JavaClasses producer = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sluice.producer");
        assertThat(producer.size()).as("classes read").isGreaterThan(100);
        assertThat(new LayerRule("io.sluice.producer").violations(producer)).isEmpty();
    }

    @Test
    void anImportBackUpTheLayersIsCaught() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.sluice.layerfixture");
        assertThat(new LayerRule("io.sluice.layerfixture").violations(fixture))
                .containsExactly(
                        "API class io.sluice.layerfixture.Api depends on internal"
                                + " io.sluice.layerfixture.internal.send.Top",
                        "io.sluice.layerfixture.internal.net.Bottom (net) depends on"
                                + " io.sluice.layerfixture.internal.send.Top (send), which is not below it",
                        "io.sluice.layerfixture.internal.net.Bottom and io.sluice.layerfixture.internal.send.Top"
                                + " depend on each other",
                        "package io.sluice.layerfixture.internal.stray has no layer in LayerRule");
    }
}
