package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/** The {@code parley-identity} credential type. */
public class IdentityCredentialProvider extends ParleyCredentialProvider<IdentityCredentialModel> {

    public IdentityCredentialProvider(KeycloakSession session) {
        super(session, "Parley identity key",
                "The user's long-term Ed25519 identity key. Deleting it resets the identity and revokes every Parley device.",
                "kcAuthenticatorWebAuthnClass");
    }

    @Override
    public String getType() {
        return IdentityCredentialModel.TYPE;
    }

    @Override
    public IdentityCredentialModel getCredentialFromModel(CredentialModel model) {
        return IdentityCredentialModel.of(model);
    }
}
