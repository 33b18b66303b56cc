package io.sluice.producer.internal.net.tls;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.internal.net.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of the producer's settings, read once when the producer is created, with Kafka's names:
 *
 * <ul>
 *   <li>trust: {@code ssl.truststore.location/password/type} (JKS, PKCS12 or PEM) or PEM text in
 *       {@code ssl.truststore.certificates}; neither means the JDK's default trust store;
 *   <li>client certificate (mutual TLS): {@code ssl.keystore.location/password/type} and {@code ssl.key.password},
 *       or PEM text in {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key};
 *   <li>{@code ssl.protocol}, {@code ssl.enabled.protocols}, {@code ssl.cipher.suites}, {@code ssl.provider},
 *       {@code ssl.keymanager.algorithm}, {@code ssl.trustmanager.algorithm},
 *       {@code ssl.secure.random.implementation};
 *   <li>{@code ssl.endpoint.identification.algorithm}: {@code https} (the default) checks that the broker's
 *       certificate names the host it was reached at; empty turns that off, with a warning.
 * </ul>
 *
 * A store that cannot be read fails producer creation with a {@link ConfigException} naming the setting.
 */
public final class TlsSettings {
    private static final System.Logger LOG = System.getLogger(TlsSettings.class.getName());

    private final SSLContext context;
    private final String[] enabledProtocols;
    private final String[] cipherSuites;
    private final String endpointIdentification;

    private TlsSettings(SSLContext context, String[] protocols, String[] ciphers, String endpointIdentification) {
        this.context = context;
        this.enabledProtocols = protocols;
        this.cipherSuites = ciphers;
        this.endpointIdentification = endpointIdentification;
    }

    /** Reads the settings and loads the stores they name. */
    public static TlsSettings from(ProducerConfig config, Secrets secrets) {
        try {
            KeyManager[] keys = keyManagers(config, secrets);
            TrustManager[] trust = trustManagers(config, secrets);
            String protocol = config.getString("ssl.protocol");
            String provider = config.getString("ssl.provider");
            SSLContext context =
                    provider == null ? SSLContext.getInstance(protocol) : SSLContext.getInstance(protocol, provider);
            String random = config.getString("ssl.secure.random.implementation");
            context.init(keys, trust, random == null ? null : SecureRandom.getInstance(random));
            String identification = config.getString("ssl.endpoint.identification.algorithm");
            if (identification == null || identification.isBlank()) {
                LOG.log(
                        Level.WARNING,
                        "ssl.endpoint.identification.algorithm is empty: broker certificates are not checked against"
                                + " broker host names, so anyone with a certificate from a trusted CA can pose as a"
                                + " broker");
                identification = null;
            }
            List<String> protocols = config.getList("ssl.enabled.protocols");
            List<String> ciphers = config.getList("ssl.cipher.suites");
            return new TlsSettings(
                    context,
                    protocols == null || protocols.isEmpty() ? null : protocols.toArray(String[]::new),
                    ciphers == null || ciphers.isEmpty() ? null : ciphers.toArray(String[]::new),
                    identification);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS from the ssl.* settings: " + e.getMessage());
        }
    }

    /** A client engine for one connection to {@code host:port}, with SNI and host name checks set up. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (enabledProtocols != null) {
            parameters.setProtocols(enabledProtocols);
        }
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites);
        }
        parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static KeyManager[] keyManagers(ProducerConfig config, Secrets secrets) throws GeneralSecurityException {
        String pemKey = secrets.get("ssl.keystore.key");
        String location = config.getString("ssl.keystore.location");
        String keyPassword = secrets.get("ssl.key.password");
        KeyStore store;
        char[] password;
        if (pemKey != null) {
            String chain = secrets.get("ssl.keystore.certificate.chain");
            if (chain == null) {
                throw new ConfigException("ssl.keystore.certificate.chain", null, "needed with ssl.keystore.key");
            }
            password = keyPassword == null ? new char[0] : keyPassword.toCharArray();
            store = pemKeyStore(pemKey, chain, password, "ssl.keystore.key");
        } else if (location != null) {
            String type = config.getString("ssl.keystore.type");
            String storePassword = secrets.get("ssl.keystore.password");
            if (type.equalsIgnoreCase("PEM")) {
                String text = Pem.utf8(readFile(location, "ssl.keystore.location"));
                password = keyPassword == null ? new char[0] : keyPassword.toCharArray();
                store = pemKeyStore(text, text, password, "ssl.keystore.location");
            } else {
                store = loadStore(location, type, storePassword, "ssl.keystore.location");
                String effective = keyPassword != null ? keyPassword : storePassword;
                password = effective == null ? new char[0] : effective.toCharArray();
            }
        } else {
            return null;
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(config.getString("ssl.keymanager.algorithm"));
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(ProducerConfig config, Secrets secrets)
            throws GeneralSecurityException {
        String pem = secrets.get("ssl.truststore.certificates");
        String location = config.getString("ssl.truststore.location");
        KeyStore store;
        if (pem != null) {
            store = certificateStore(Pem.certificates(pem, "ssl.truststore.certificates"));
        } else if (location != null) {
            String type = config.getString("ssl.truststore.type");
            if (type.equalsIgnoreCase("PEM")) {
                String text = Pem.utf8(readFile(location, "ssl.truststore.location"));
                store = certificateStore(Pem.certificates(text, "ssl.truststore.location"));
            } else {
                store = loadStore(location, type, secrets.get("ssl.truststore.password"), "ssl.truststore.location");
            }
        } else {
            store = null; // the JDK's default trust
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(config.getString("ssl.trustmanager.algorithm"));
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore pemKeyStore(String keyText, String chainText, char[] password, String setting)
            throws GeneralSecurityException {
        PrivateKey key = Pem.privateKey(keyText, password.length == 0 ? null : password, setting);
        List<Certificate> chain = Pem.certificates(chainText, "ssl.keystore.certificate.chain");
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
        return store;
    }

    private static KeyStore certificateStore(List<Certificate> certificates) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static KeyStore loadStore(String location, String type, String password, String setting) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" and the like; it never repeats the password.
            throw new ConfigException(setting, location, "cannot load the " + type + " store: " + e.getMessage());
        }
    }

    private static byte[] readFile(String location, String setting) {
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new ConfigException(setting, location, "cannot read the file: " + e);
        }
    }
}
