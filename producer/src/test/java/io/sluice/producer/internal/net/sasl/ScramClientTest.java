package io.sluice.producer.internal.net.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScramClientTest {
    // The exchange of RFC 7677, section 3: user "user", password "pencil".
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void reproducesTheExchangeOfRfc7677() {
        ScramClient client = new ScramClient("SCRAM-SHA-256", "user", "pencil", false, CLIENT_NONCE);

        assertThat(text(client.initialResponse())).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
        assertThat(text(client.evaluate(utf8(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
        assertThat(client.isComplete()).isFalse();
        assertThat(client.evaluate(utf8(SERVER_FINAL))).isNull();
        assertThat(client.isComplete()).isTrue();
    }

    @Test
    void refusesABrokerWhoseSignatureIsWrong() {
        ScramClient client = new ScramClient("SCRAM-SHA-256", "user", "pencil", false, CLIENT_NONCE);
        client.initialResponse();
        client.evaluate(utf8(SERVER_FIRST));

        assertThatThrownBy(() -> client.evaluate(utf8("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")))
                .isInstanceOf(SaslFailure.class)
                .hasMessageContaining("signature is wrong");
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void refusesANonceThatDoesNotExtendTheClients() {
        ScramClient client = new ScramClient("SCRAM-SHA-256", "user", "pencil", false, CLIENT_NONCE);
        client.initialResponse();

        assertThatThrownBy(() -> client.evaluate(utf8("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(SaslFailure.class)
                .hasMessageContaining("nonce");
    }

    @Test
    void refusesTooFewIterations() {
        ScramClient client = new ScramClient("SCRAM-SHA-512", "user", "pencil", false, CLIENT_NONCE);
        client.initialResponse();

        assertThatThrownBy(() -> client.evaluate(utf8("r=" + CLIENT_NONCE + "xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1")))
                .isInstanceOf(SaslFailure.class)
                .hasMessageContaining("iterations");
    }

    @Test
    void reportsTheBrokersErrorAttribute() {
        ScramClient client = new ScramClient("SCRAM-SHA-256", "user", "pencil", false, CLIENT_NONCE);
        client.initialResponse();
        client.evaluate(utf8(SERVER_FIRST));

        assertThatThrownBy(() -> client.evaluate(utf8("e=invalid-proof")))
                .isInstanceOf(SaslFailure.class)
                .hasMessageContaining("invalid-proof");
    }

    @Test
    void escapesCommaAndEqualsInUserNamesAndSendsTheTokenExtension() {
        ScramClient client = new ScramClient("SCRAM-SHA-512", "a=b,c", "pw", true, "nonce");

        assertThat(text(client.initialResponse())).isEqualTo("n,,n=a=3Db=2Cc,r=nonce,tokenauth=true");
    }

    @Test
    void neverShowsThePasswordInToString() {
        ScramClient client = new ScramClient("SCRAM-SHA-256", "user", "pencil", false);

        assertThat(client.toString()).contains("user").doesNotContain("pencil");
    }
}
