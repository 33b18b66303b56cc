package io.sluice.producer.internal.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.producer.errors.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.Test;

class PemTest {
    private static final String SETTING = "ssl.keystore.key";

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    }

    @Test
    void readsPlainPkcs8KeysOfEachAlgorithm() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            PrivateKey key = keyPair(algorithm).getPrivate();

            PrivateKey read = Pem.privateKey("junk before\n" + pem("PRIVATE KEY", key.getEncoded()), null, SETTING);

            assertThat(read.getEncoded()).as(algorithm).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void decryptsAnEncryptedPkcs8KeyWithTheKeyPassword() throws Exception {
        PrivateKey key = keyPair("EC").getPrivate();
        char[] password = "key-pw".toCharArray();
        // A PBES1 scheme: the JDK 17 can write its parameters (openssl writes PBES2, which the reader also takes).
        String algorithm = "PBEWithSHA1AndDESede";
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000));
        EncryptedPrivateKeyInfo info =
                new EncryptedPrivateKeyInfo(cipher.getParameters(), cipher.doFinal(key.getEncoded()));
        String text = pem("ENCRYPTED PRIVATE KEY", info.getEncoded());

        assertThat(Pem.privateKey(text, password, SETTING).getEncoded()).isEqualTo(key.getEncoded());
        assertThatThrownBy(() -> Pem.privateKey(text, "wrong".toCharArray(), SETTING))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> Pem.privateKey(text, null, SETTING))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssl.key.password");
    }

    @Test
    void decryptsAPbes2KeyAsOpensslWritesIt() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        PrivateKey key = keyPair("RSA").getPrivate();
        Path dir = Files.createTempDirectory("pem");
        Files.writeString(dir.resolve("plain.pem"), pem("PRIVATE KEY", key.getEncoded()));
        Process p = new ProcessBuilder(
                        openssl.toString(),
                        "pkcs8",
                        "-topk8",
                        "-v2",
                        "aes-256-cbc",
                        "-passout",
                        "pass:key-pw",
                        "-in",
                        dir.resolve("plain.pem").toString(),
                        "-out",
                        dir.resolve("enc.pem").toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        String text = Files.readString(dir.resolve("enc.pem"));

        assertThat(text).contains("ENCRYPTED PRIVATE KEY");
        assertThat(Pem.privateKey(text, "key-pw".toCharArray(), SETTING).getEncoded())
                .isEqualTo(key.getEncoded());
    }

    @Test
    void errorsNeverRepeatTheKeyText() {
        String text = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----";

        assertThatThrownBy(() -> Pem.privateKey(text, null, SETTING))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SETTING)
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> Pem.certificates("no pem here", "ssl.truststore.certificates"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no PEM block");
    }
}
