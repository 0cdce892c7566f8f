package dev.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void theChallengeIsTheRfc7636Example() {
        // RFC 7636, Appendix B
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void generatedVerifiersAreLongEnoughAndFresh() {
        SecureRandom random = new SecureRandom();
        Pkce one = Pkce.generate(random);
        Pkce two = Pkce.generate(random);

        assertThat(one.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(one.challenge()).isEqualTo(Pkce.challengeOf(one.verifier()));
        assertThat(one.verifier()).isNotEqualTo(two.verifier());
    }
}
