package io.sluice.producer.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with the JDK's {@code keytool}: a CA, a broker certificate for
 * 127.0.0.1/localhost, one for the wrong host, and a second CA nobody trusts. Stores are PKCS12; the CA is also
 * written as a JKS trust store and as PEM text.
 */
final class TestPki {
    static final String STORE_PASSWORD = "store-pw-4f1d9c";

    final Path dir;
    final Path brokerKeystore;
    final Path wrongHostKeystore;
    final Path truststoreP12;
    final Path truststoreJks;
    final Path otherCaTruststore;
    final String caPem;
    final String clientChainPem;
    final String clientKeyPem;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=Sluice Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                p("ca.p12"),
                "-storetype",
                "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", p("ca.p12"), "-file", p("ca.pem"));
        brokerKeystore = signedKeystore("broker", "SAN=ip:127.0.0.1,dns:localhost");
        wrongHostKeystore = signedKeystore("wronghost", "SAN=dns:wrong.example");
        truststoreP12 = dir.resolve("trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                p("ca.pem"),
                "-keystore",
                p("trust.p12"),
                "-storetype",
                "PKCS12");
        truststoreJks = dir.resolve("trust.jks");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                p("ca.pem"),
                "-keystore",
                p("trust.jks"),
                "-storetype",
                "JKS");
        keytool(
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=Someone Else's CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                p("other.p12"),
                "-storetype",
                "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", p("other.p12"), "-file", p("other.pem"));
        otherCaTruststore = dir.resolve("other-trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "other",
                "-file",
                p("other.pem"),
                "-keystore",
                p("other-trust.p12"),
                "-storetype",
                "PKCS12");
        caPem = Files.readString(dir.resolve("ca.pem"));
        // The broker's key and chain double as the client's for mutual TLS, here as PEM text.
        KeyStore broker = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(brokerKeystore)) {
            broker.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = broker.getKey("broker", STORE_PASSWORD.toCharArray());
        clientKeyPem = pem("PRIVATE KEY", key.getEncoded());
        StringBuilder chain = new StringBuilder();
        for (Certificate c : broker.getCertificateChain("broker")) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        clientChainPem = chain.toString();
    }

    static TestPki create() throws Exception {
        return new TestPki(Files.createTempDirectory("sluice-pki"));
    }

    private Path signedKeystore(String alias, String san) throws Exception {
        String store = p(alias + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=" + alias,
                "-validity",
                "2",
                "-keystore",
                store,
                "-storetype",
                "PKCS12");
        keytool("-certreq", "-alias", alias, "-keystore", store, "-file", p(alias + ".csr"));
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                p("ca.p12"),
                "-infile",
                p(alias + ".csr"),
                "-outfile",
                p(alias + ".pem"),
                "-ext",
                san,
                "-validity",
                "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", p("ca.pem"), "-keystore", store);
        keytool("-importcert", "-alias", alias, "-file", p(alias + ".pem"), "-keystore", store);
        return dir.resolve(alias + ".p12");
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
        if (args[0].equals("-exportcert") || args[0].equals("-certreq") || args[0].equals("-gencert")) {
            command.remove(command.size() - 1);
            command.remove(command.size() - 1);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
