package io.sluice.producer.internal.net.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), without channel binding.
 *
 * <pre>
 * client-first  n,,n=&lt;user&gt;,r=&lt;client nonce&gt;
 * server-first  r=&lt;client nonce + server nonce&gt;,s=&lt;base64 salt&gt;,i=&lt;iterations&gt;
 * client-final  c=biws,r=&lt;nonce&gt;,p=&lt;base64 ClientProof&gt;
 * server-final  v=&lt;base64 ServerSignature&gt;   or   e=&lt;error&gt;
 *
 * SaltedPassword  = Hi(password, salt, i)           (PBKDF2 with HMAC-H, one block)
 * ClientKey       = HMAC(SaltedPassword, "Client Key")
 * StoredKey       = H(ClientKey)
 * AuthMessage     = client-first-bare + "," + server-first + "," + client-final-without-proof
 * ClientProof     = ClientKey XOR HMAC(StoredKey, AuthMessage)
 * ServerSignature = HMAC(HMAC(SaltedPassword, "Server Key"), AuthMessage)
 * </pre>
 *
 * <p>The password is used as its UTF-8 bytes without SASLprep, as Kafka's brokers store it. The exchange fails
 * unless the broker's nonce extends ours, it asks for at least 4096 iterations (RFC 7677's floor, and Kafka's)
 * and its final signature matches, so a broker that does not know the password cannot pass as one that does.
 */
final class ScramClient implements SaslMechanismClient {
    /** Iterations a broker may ask for: below is a downgrade, above is a denial of service. */
    static final int MIN_ITERATIONS = 4096;

    static final int MAX_ITERATIONS = 1_000_000;

    private enum State {
        SEND_FIRST,
        AWAIT_SERVER_FIRST,
        AWAIT_SERVER_FINAL,
        COMPLETE
    }

    private final String mechanism;
    private final String hmacName;
    private final String digestName;
    private final String username;
    private final byte[] password;
    private final String clientNonce;
    private final String tokenExtension;
    private State state = State.SEND_FIRST;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @param tokenAuth whether the credential is a delegation token (Kafka's {@code tokenauth=true} extension)
     */
    ScramClient(String mechanism, String username, String password, boolean tokenAuth) {
        this(mechanism, username, password, tokenAuth, randomNonce());
    }

    /** With a fixed nonce, for the RFC's test vectors. */
    ScramClient(String mechanism, String username, String password, boolean tokenAuth, String clientNonce) {
        this.mechanism = mechanism;
        switch (mechanism) {
            case "SCRAM-SHA-256" -> {
                hmacName = "HmacSHA256";
                digestName = "SHA-256";
            }
            case "SCRAM-SHA-512" -> {
                hmacName = "HmacSHA512";
                digestName = "SHA-512";
            }
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
        }
        this.username = username;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clientNonce = clientNonce;
        this.tokenExtension = tokenAuth ? ",tokenauth=true" : "";
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        // Base64 never yields ',' so the nonce is a valid printable attribute value.
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String mechanism() {
        return mechanism;
    }

    @Override
    public byte[] initialResponse() {
        if (state != State.SEND_FIRST) {
            throw new IllegalStateException("the first message was already sent");
        }
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce + tokenExtension;
        state = State.AWAIT_SERVER_FIRST;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        String message = new String(challenge, StandardCharsets.UTF_8);
        return switch (state) {
            case AWAIT_SERVER_FIRST -> clientFinal(message);
            case AWAIT_SERVER_FINAL -> {
                verifyServerFinal(message);
                yield null;
            }
            default -> throw new SaslFailure("unexpected SCRAM message in state " + state);
        };
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    private byte[] clientFinal(String serverFirst) {
        if (serverFirst.startsWith("e=")) {
            throw new SaslFailure("the broker refused the SCRAM exchange: " + serverFirst.substring(2));
        }
        if (serverFirst.startsWith("m=")) {
            throw new SaslFailure("the broker asks for a SCRAM extension this client does not know");
        }
        String nonce = attribute(serverFirst, "r");
        String salt = attribute(serverFirst, "s");
        String iterationsText = attribute(serverFirst, "i");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslFailure("the broker's SCRAM nonce does not extend the client's");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationsText);
        } catch (NumberFormatException e) {
            throw new SaslFailure("the broker's SCRAM iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new SaslFailure("the broker asks for " + iterations + " SCRAM iterations, outside " + MIN_ITERATIONS
                    + ".." + MAX_ITERATIONS);
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("the broker's SCRAM salt is not base64");
        }
        // "biws" is base64("n,,"): no channel binding, no authorization id.
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] salted = hi(password, saltBytes, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = digest(clientKey);
        byte[] clientSignature = hmac(storedKey, authBytes);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        expectedServerSignature = hmac(serverKey, authBytes);
        Arrays.fill(salted, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        state = State.AWAIT_SERVER_FINAL;
        String clientFinal = withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        return clientFinal.getBytes(StandardCharsets.UTF_8);
    }

    private void verifyServerFinal(String serverFinal) {
        if (serverFinal.startsWith("e=")) {
            throw new SaslFailure("the broker refused the SCRAM proof: " + serverFinal.substring(2));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(attribute(serverFinal, "v"));
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("the broker's SCRAM signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslFailure("the broker's SCRAM signature is wrong: it does not know this user's credential");
        }
        state = State.COMPLETE;
    }

    /** Hi() of RFC 5802: PBKDF2 with a single output block the size of the hash. */
    private byte[] hi(byte[] key, byte[] salt, int iterations) {
        Mac mac = mac(key);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(hmacName);
            mac.init(new SecretKeySpec(key, hmacName));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmacName + " is not available in this JDK", e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(digestName).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digestName + " is not available in this JDK", e);
        }
    }

    /** The value of {@code name=} among the comma-separated attributes of a SCRAM message. */
    private static String attribute(String message, String name) {
        for (String part : message.split(",")) {
            if (part.length() > name.length() && part.startsWith(name) && part.charAt(name.length()) == '=') {
                return part.substring(name.length() + 1);
            }
        }
        throw new SaslFailure("the broker's SCRAM message lacks attribute " + name);
    }

    /** RFC 5802's saslname: '=' and ',' are escaped as =3D and =2C. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String toString() {
        return "ScramClient[" + mechanism + ", user=" + username + ", state=" + state + "]";
    }
}
