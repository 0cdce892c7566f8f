package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/** The {@code parley-device} credential type. */
public class DeviceCredentialProvider extends ParleyCredentialProvider<DeviceCredentialModel> {

    public DeviceCredentialProvider(KeycloakSession session) {
        super(session, "Parley device",
                "A device (client installation) registered for end-to-end encrypted messaging. Deleting it revokes the device.",
                "kcAuthenticatorOTPClass");
    }

    @Override
    public String getType() {
        return DeviceCredentialModel.TYPE;
    }

    @Override
    public DeviceCredentialModel getCredentialFromModel(CredentialModel model) {
        return DeviceCredentialModel.of(model);
    }
}
