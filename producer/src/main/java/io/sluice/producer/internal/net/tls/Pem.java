package io.sluice.producer.internal.net.tls;

import io.sluice.producer.errors.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM text (RFC 7468) as Kafka's {@code ssl.truststore.certificates}, {@code ssl.keystore.certificate.chain}
 * and {@code ssl.keystore.key} hold it: X.509 certificates, and one PKCS#8 private key, either plain
 * ({@code PRIVATE KEY}) or encrypted ({@code ENCRYPTED PRIVATE KEY}, decrypted with {@code ssl.key.password}).
 *
 * <p>Errors name the setting and what is wrong, never the text: a key is a secret.
 */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "DSA", "XDH"};

    private Pem() {}

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and decoded bytes. */
    record Block(String label, byte[] der) {}

    static List<Block> blocks(String text, String setting) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting, "[hidden]", "a PEM " + m.group(1) + " block is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new ConfigException(setting, "[hidden]", "no PEM block (-----BEGIN ...-----) found");
        }
        return blocks;
    }

    /** Every {@code CERTIFICATE} block, in order. */
    static List<Certificate> certificates(String text, String setting) {
        List<Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(text, setting)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException(setting, "[hidden]", "a PEM certificate cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(setting, "[hidden]", "no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    /**
     * The one private key of the text.
     *
     * @param password the key's password for an encrypted key, else null
     */
    static PrivateKey privateKey(String text, char[] password, String setting) {
        return privateKey(text, password, setting, "ssl.key.password");
    }

    /**
     * The one PKCS#8 private key in the text, as {@link #privateKey(String, char[], String)}, for a key whose
     * password comes from the setting {@code passwordSetting}.
     */
    public static PrivateKey privateKey(String text, char[] password, String setting, String passwordSetting) {
        List<Block> keys = new ArrayList<>();
        for (Block block : blocks(text, setting)) {
            if (block.label().endsWith("PRIVATE KEY")) {
                keys.add(block);
            }
        }
        if (keys.size() != 1) {
            throw new ConfigException(setting, "[hidden]", "expected one PEM private key, found " + keys.size());
        }
        Block block = keys.get(0);
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.der();
            case "ENCRYPTED PRIVATE KEY" -> decrypt(block.der(), password, setting, passwordSetting);
            default ->
                throw new ConfigException(
                        setting, "[hidden]", "PEM " + block.label() + " is not supported; convert the key to PKCS#8");
        };
        return parse(pkcs8, setting);
    }

    private static byte[] decrypt(byte[] der, char[] password, String setting, String passwordSetting) {
        if (password == null) {
            throw new ConfigException(setting, "[hidden]", "the private key is encrypted: set " + passwordSetting);
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 (what openssl writes) the JDK names the scheme only in the parameters, e.g.
            // "PBEWithHmacSHA256AndAES_256"; for PBES1 the algorithm name says it all.
            String algorithm = info.getAlgName();
            if (info.getAlgParameters() != null && algorithm.equalsIgnoreCase("PBES2")) {
                algorithm = info.getAlgParameters().toString();
            }
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Key key = factory.generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    setting,
                    "[hidden]",
                    "the encrypted private key cannot be decrypted with " + passwordSetting + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static PrivateKey parse(byte[] pkcs8, String setting) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // Try the next algorithm: PKCS#8 names its algorithm, but the JDK wants it up front.
            }
        }
        throw new ConfigException(setting, "[hidden]", "the private key is not an RSA, EC, EdDSA, DSA or XDH key");
    }

    /** The text as UTF-8, for setting values given as files. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
