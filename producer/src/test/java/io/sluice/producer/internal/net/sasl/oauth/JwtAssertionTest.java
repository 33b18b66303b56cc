package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {
    private static final long NOW_MS = 1_700_000_000_123L;
    private static final JwtAssertion.Claims CLAIMS =
            new JwtAssertion.Claims("my-client", "svc", "https://idp.example/token", 300, 60, false);

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    @Test
    void rs256AssertionHasTheClaimsAndASignatureTheJdkVerifies() throws Exception {
        KeyPair keys = rsa();
        String jwt = new JwtAssertion("RS256", keys.getPrivate(), CLAIMS, Map::of).create(NOW_MS);

        assertThat(part(jwt, 0)).isEqualTo(Map.of("alg", "RS256", "typ", "JWT"));
        assertThat(part(jwt, 1))
                .containsEntry("iss", "my-client")
                .containsEntry("sub", "svc")
                .containsEntry("aud", "https://idp.example/token")
                .containsEntry("iat", 1_700_000_000L)
                .containsEntry("exp", 1_700_000_300L)
                .containsEntry("nbf", 1_699_999_940L)
                .doesNotContainKey("jti");
        assertThat(verifies("SHA256withRSA", keys.getPublic(), jwt)).isTrue();
    }

    @Test
    void es256SignatureIsThe64ByteRAndSOfJwsWhichTheJdkVerifies() throws Exception {
        KeyPair keys = ec("secp256r1");
        String jwt = new JwtAssertion("es256", keys.getPrivate(), CLAIMS, Map::of).create(NOW_MS);

        assertThat(part(jwt, 0)).containsEntry("alg", "ES256");
        assertThat(Base64.getUrlDecoder().decode(jwt.split("\\.")[2])).hasSize(64);
        assertThat(verifies("SHA256withECDSAinP1363Format", keys.getPublic(), jwt))
                .isTrue();
        assertThat(verifies("SHA256withECDSAinP1363Format", ec("secp256r1").getPublic(), jwt))
                .isFalse();
    }

    @Test
    void theTemplateAddsHeadersAndOverridesConfiguredClaimsButNeverTheTimesOrTheAlgorithm() throws Exception {
        Map<String, Object> template = Json.readObject("{\"header\":{\"kid\":\"k-7\",\"alg\":\"none\"},"
                + "\"payload\":{\"iss\":\"from-template\",\"tenant\":\"t1\",\"exp\":1}}");
        JwtAssertion.Claims withJti = new JwtAssertion.Claims(null, null, null, 120, 0, true);

        String jwt = new JwtAssertion("RS256", rsa().getPrivate(), withJti, () -> template).create(NOW_MS);

        assertThat(part(jwt, 0)).containsEntry("kid", "k-7").containsEntry("alg", "RS256");
        assertThat(part(jwt, 1))
                .containsEntry("iss", "from-template")
                .containsEntry("tenant", "t1")
                .containsEntry("exp", 1_700_000_120L)
                .containsEntry("nbf", 1_700_000_000L)
                .doesNotContainKeys("sub", "aud");
        assertThat((String) part(jwt, 1).get("jti")).hasSize(36);
    }

    @Test
    void eachAssertionGetsItsOwnJti() throws Exception {
        JwtAssertion.Claims withJti = new JwtAssertion.Claims("c", null, null, 60, 0, true);
        JwtAssertion assertion = new JwtAssertion("RS256", rsa().getPrivate(), withJti, Map::of);

        assertThat(part(assertion.create(NOW_MS), 1).get("jti"))
                .isNotEqualTo(part(assertion.create(NOW_MS), 1).get("jti"));
    }

    @Test
    void aKeyThatCannotSignTheAlgorithmIsRefused() throws Exception {
        assertThatThrownBy(() -> new JwtAssertion("ES256", rsa().getPrivate(), CLAIMS, Map::of))
                .hasMessageContaining("RSA key, which cannot sign ES256");
        assertThatThrownBy(() -> new JwtAssertion("ES256", ec("secp384r1").getPrivate(), CLAIMS, Map::of))
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> new JwtAssertion("RS256", ec("secp256r1").getPrivate(), CLAIMS, Map::of))
                .hasMessageContaining("cannot sign RS256");
    }

    @Test
    void toStringNamesTheClaimsButNotTheKey() throws Exception {
        KeyPair keys = rsa();
        String text = new JwtAssertion("RS256", keys.getPrivate(), CLAIMS, Map::of).toString();

        assertThat(text).contains("RS256", "my-client").doesNotContain("Private", "modulus");
    }

    static Map<String, Object> part(String jwt, int index) {
        return Json.readObject(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
    }

    private static boolean verifies(String algorithm, PublicKey key, String jwt) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        Signature signature = Signature.getInstance(algorithm);
        signature.initVerify(key);
        signature.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
    }
}
