package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The TLS material of one comparison, made at run time with the JDK's {@code keytool} in a temporary directory: a
 * throwaway CA, a broker key store (PKCS12) whose certificate, signed by that CA, names {@code 127.0.0.1} and
 * {@code localhost}, and a trust store holding only the CA. One random password protects all three stores.
 *
 * <p>The password reaches the child JVMs through the environment variable {@link #PASSWORD_ENV}, never their
 * command lines, and is never printed: {@link #clientSettingsForDisplay()} shows it as {@code [hidden]}.
 */
final class TlsSetup implements AutoCloseable {
    /** The environment variable that carries the stores' password to the broker and producer JVMs. */
    static final String PASSWORD_ENV = "SLUICE_BENCH_TLS_PASSWORD";
    /** How secrets are shown. */
    static final String HIDDEN = "[hidden]";

    private final Path dir;
    private final String password;

    private TlsSetup(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** A fresh random password: 18 bytes from {@link SecureRandom}, base64url. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Makes the CA, the broker's key store and the trust store, protected by {@code password}. */
    static TlsSetup create(String password) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sluice-bench-tls");
        TlsSetup tls = new TlsSetup(dir, password);
        try {
            tls.makeStores();
        } catch (IOException | InterruptedException | RuntimeException e) {
            tls.close();
            throw e;
        }
        return tls;
    }

    private void makeStores() throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Sluice bench CA", "-ext", "bc:c")
                .andKey()
                .in("ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", p("ca.pem")).in("ca.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", p("ca.pem"))
                .in("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-dname", "CN=localhost")
                .andKey()
                .in("broker.p12");
        keytool("-certreq", "-alias", "broker", "-file", p("broker.csr")).in("broker.p12");
        keytool(
                        "-gencert",
                        "-rfc",
                        "-alias",
                        "ca",
                        "-infile",
                        p("broker.csr"),
                        "-outfile",
                        p("broker.pem"),
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2")
                .in("ca.p12");
        // The CA first, so keytool can chain the signed certificate to it when it replaces the self-signed one.
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", p("ca.pem"))
                .in("broker.p12");
        keytool("-importcert", "-alias", "broker", "-file", p("broker.pem")).in("broker.p12");
    }

    /** The broker's PKCS12 key store. */
    Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** The clients' PKCS12 trust store: the CA's certificate only. */
    Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The password of every store; for the child processes' environment only, never for printing. */
    String password() {
        return password;
    }

    /**
     * The producer settings of a TLS run, the same for both clients: SSL, the trust store, hostname verification
     * on (Kafka's default, stated so the run does not depend on it).
     */
    static Map<String, Object> clientSettings(String truststore, String password) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("security.protocol", "SSL");
        m.put("ssl.truststore.location", truststore);
        m.put("ssl.truststore.type", "PKCS12");
        m.put("ssl.truststore.password", password);
        m.put("ssl.endpoint.identification.algorithm", "https");
        return m;
    }

    /** {@link #clientSettings} as reports show them: the password {@code [hidden]}, the location by name only. */
    static Map<String, Object> clientSettingsForDisplay() {
        return clientSettings("truststore.p12 (a CA made for the run)", HIDDEN);
    }

    /** Deletes the stores. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A temporary directory left behind holds nothing worth more than the run that made it.
        }
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Keytool keytool(String... args) {
        return new Keytool(args);
    }

    /**
     * One keytool command being assembled: its arguments, then the key store it works on. keytool reads the
     * password from {@link #PASSWORD_ENV} ({@code -storepass:env}), so it is on no command line; its output is
     * shown only when the command fails.
     */
    private final class Keytool {
        private final List<String> command = new ArrayList<>();

        Keytool(String... args) {
            command.add(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV));
        }

        /** A new key pair: RSA 2048 as most clusters' certificates, valid two days, its own password the store's. */
        Keytool andKey() {
            command.addAll(
                    List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-keypass:env", PASSWORD_ENV));
            return this;
        }

        void in(String store) throws IOException, InterruptedException {
            command.addAll(List.of("-keystore", p(store)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_ENV, password);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool " + command.get(1) + " failed: "
                        + new String(output, StandardCharsets.UTF_8).replace(password, HIDDEN));
            }
        }
    }
}
