package io.sluice.producer.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Key pairs that sign OAuth assertions in the tests, with their private keys as PEM PKCS#8 files: an RSA key
 * encrypted with {@link #PASSPHRASE} and a plain P-256 EC key.
 */
final class OAuthKeys {
    static final String PASSPHRASE = "key-pass-61c0e2";

    final KeyPair rsa;
    final KeyPair ec;
    final Path rsaEncryptedPem;
    final Path ecPem;

    private OAuthKeys(Path dir) throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        this.rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        this.ec = ecGenerator.generateKeyPair();
        this.rsaEncryptedPem = dir.resolve("assertion-rsa.pem");
        this.ecPem = dir.resolve("assertion-ec.pem");
        Files.writeString(rsaEncryptedPem, encryptedPem(rsa.getPrivate().getEncoded(), PASSPHRASE.toCharArray()));
        Files.writeString(ecPem, pem("PRIVATE KEY", ec.getPrivate().getEncoded()));
    }

    static OAuthKeys create(Path dir) throws Exception {
        return new OAuthKeys(dir);
    }

    /** PKCS#8 encrypted with a PBES1 scheme, which the JDK 17 can write (PemTest covers openssl's PBES2). */
    static String encryptedPem(byte[] pkcs8, char[] passphrase) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        String algorithm = "PBEWithSHA1AndDESede";
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase)),
                new PBEParameterSpec(salt, 10_000));
        byte[] encrypted = cipher.doFinal(pkcs8);
        return pem(
                "ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(cipher.getParameters(), encrypted).getEncoded());
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
