package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class IdentityCredentialProviderFactory implements CredentialProviderFactory<IdentityCredentialProvider> {

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new IdentityCredentialProvider(session);
    }

    @Override
    public String getId() {
        return IdentityCredentialModel.TYPE;
    }
}
