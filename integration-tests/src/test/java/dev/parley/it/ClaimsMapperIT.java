package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Access tokens for the gateway carry the user id and the identity key's fingerprint. */
@ExtendWith(ParleyStack.class)
class ClaimsMapperIT {

    @Test
    void tokensCarryTheUserIdAndOnceRegisteredTheIdentityFingerprint(ParleyStack.Running stack) {
        AuthService as = new AuthService(stack.keycloak());
        Keycloak keycloak = new Keycloak(stack.keycloak());
        AuthService.User user = as.newUser();

        JsonNode before = Keycloak.claims(keycloak.accessToken(user.username()));
        assertThat(before.get("parley_user_id").asText()).isEqualTo(user.id());
        assertThat(before.has("parley_identity_fingerprint")).isFalse();
        assertThat(before.get("aud").toString()).contains("parley-gateway");

        as.putIdentity(user.token(), user.identity());

        JsonNode after = Keycloak.claims(keycloak.accessToken(user.username()));
        assertThat(after.get("parley_identity_fingerprint").asText())
                .isEqualTo(IdentityKeys.fingerprint(Ed25519Keys.raw(user.identity().getPublic())));
    }

    @Test
    void theDemoUsersTokenCarriesTheUserId(ParleyStack.Running stack) {
        String token = new Keycloak(stack.keycloak()).accessToken("alice");

        assertThat(Keycloak.claims(token).get("parley_user_id").asText()).isEqualTo(Keycloak.claims(token).get("sub").asText());
    }
}
