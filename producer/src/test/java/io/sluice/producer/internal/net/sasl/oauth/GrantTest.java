package io.sluice.producer.internal.net.sasl.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GrantTest {
    private static final String SECRET = "s3cr+t/&x=1";

    private static String basic(Grant grant) {
        String header = grant.headers().get("Authorization");
        assertThat(header).startsWith("Basic ");
        return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    }

    @Test
    void clientSecretGoesInBasicAuthenticationAsIsByDefault() {
        Grant grant = Grant.clientSecret("app:1", SECRET, " produce read ", false);

        assertThat(basic(grant)).isEqualTo("app:1:" + SECRET);
        assertThat(grant.body(0)).isEqualTo("grant_type=client_credentials&scope=produce+read");
        assertThat(grant.headers())
                .containsEntry("Content-Type", "application/x-www-form-urlencoded")
                .containsEntry("Accept", "application/json")
                .containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void headerUrlencodeEncodesTheIdAndSecretBeforeBase64() {
        Grant grant = Grant.clientSecret("app:1", SECRET, null, true);

        assertThat(basic(grant)).isEqualTo("app%3A1:s3cr%2Bt%2F%26x%3D1");
        assertThat(grant.body(0)).isEqualTo("grant_type=client_credentials");
    }

    @Test
    void jwtBearerSendsAFreshAssertionAndTheScope() {
        Grant grant = Grant.jwtBearer("a b", now -> "h.p" + now + ".s");

        assertThat(grant.body(7))
                .isEqualTo(
                        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=h.p7.s&scope=a+b");
        assertThat(grant.body(8)).contains("assertion=h.p8.s");
        assertThat(grant.headers()).doesNotContainKey("Authorization");
    }

    @Test
    void aClientAssertionReplacesTheSecret() {
        Grant grant = Grant.clientAssertion("app", null, now -> "h.p.s");

        assertThat(grant.body(0))
                .isEqualTo("grant_type=client_credentials&client_assertion_type="
                        + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=h.p.s"
                        + "&client_id=app");
        assertThat(grant.headers()).doesNotContainKey("Authorization");
    }

    @Test
    void toStringAndRedactNeverShowTheSecret() {
        Grant grant = Grant.clientSecret("app", SECRET, "produce", false);

        assertThat(grant.toString())
                .contains("client_credentials", "app", "produce")
                .doesNotContain(SECRET);
        assertThat(grant.redact("echo: " + SECRET)).isEqualTo("echo: [hidden]");
        assertThat(Grant.jwtBearer(null, now -> "assertion-value").toString()).doesNotContain("assertion-value");
    }
}
