package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class DeviceCredentialProviderFactory implements CredentialProviderFactory<DeviceCredentialProvider> {

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new DeviceCredentialProvider(session);
    }

    @Override
    public String getId() {
        return DeviceCredentialModel.TYPE;
    }
}
