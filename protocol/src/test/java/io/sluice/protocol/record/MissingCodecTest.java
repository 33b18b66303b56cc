package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loads our record classes through a class loader that sees only them and the JDK, as in an application
 * that did not add the optional codec jars, and checks what picking each codec does there.
 */
class MissingCodecTest {

    @ParameterizedTest
    @CsvSource({"SNAPPY, org.xerial.snappy:snappy-java", "LZ4, at.yawk.lz4:lz4-java", "ZSTD, com.github.luben:zstd-jni"
    })
    void checkAvailableNamesTheMissingArtifact(String codec, String artifact) throws Exception {
        try (URLClassLoader isolated = isolatedLoader()) {
            Throwable thrown = checkAvailable(isolated, codec);

            assertThat(thrown)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(artifact)
                    .hasMessageContaining("compression.type=" + codec.toLowerCase(java.util.Locale.ROOT));
            // Asking again fails the same way rather than with a bare NoClassDefFoundError.
            assertThat(checkAvailable(isolated, codec))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(artifact);
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP"})
    void jdkCodecsNeedNoLibrary(String codec) throws Exception {
        try (URLClassLoader isolated = isolatedLoader()) {
            assertThat(checkAvailable(isolated, codec)).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource({"SNAPPY", "LZ4", "ZSTD"})
    void codecsOnTheClasspathAreAvailable(String codec) {
        assertThatCode(() -> Compression.of(CompressionType.valueOf(codec)).checkAvailable())
                .doesNotThrowAnyException();
    }

    /** Calls {@code Compression.of(type).checkAvailable()} inside the loader; returns what it threw. */
    private static Throwable checkAvailable(ClassLoader loader, String codec) throws Exception {
        Class<?> typeClass = Class.forName(CompressionType.class.getName(), true, loader);
        Class<?> compressionClass = Class.forName(Compression.class.getName(), true, loader);
        Object type = typeClass.getMethod("valueOf", String.class).invoke(null, codec);
        Object compression = compressionClass.getMethod("of", typeClass).invoke(null, type);
        Method check = compressionClass.getMethod("checkAvailable");
        try {
            check.invoke(compression);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    /**
     * Our compiled classes alone, over the boot loader: no snappy, lz4 or zstd jar is visible. Not over the platform
     * loader: with the tests on the module path the codecs are modules of the boot layer, which every built-in
     * loader finds by package.
     */
    private static URLClassLoader isolatedLoader() throws Exception {
        URL classes = Path.of(Compression.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toUri()
                .toURL();
        return new URLClassLoader(new URL[] {classes}, null);
    }
}
