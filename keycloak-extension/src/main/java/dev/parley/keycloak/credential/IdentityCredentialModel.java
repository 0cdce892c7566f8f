package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialModel;

/** A user's Ed25519 identity key, stored as a {@code parley-identity} credential: at most one per user. */
public class IdentityCredentialModel extends CredentialModel {

    public static final String TYPE = "parley-identity";

    private final IdentityKeyData data;

    private IdentityCredentialModel(IdentityKeyData data) {
        this.data = data;
    }

    public static IdentityCredentialModel create(IdentityKeyData data, long createdAtMillis) {
        IdentityCredentialModel model = new IdentityCredentialModel(data);
        model.setType(TYPE);
        model.setUserLabel("Identity key " + data.fingerprint().substring(0, 16));
        model.setCreatedDate(createdAtMillis);
        model.setSecretData("{}");
        model.setCredentialData(CredentialJson.write(data));
        return model;
    }

    public static IdentityCredentialModel of(CredentialModel stored) {
        IdentityCredentialModel model = new IdentityCredentialModel(
                CredentialJson.read(stored.getCredentialData(), IdentityKeyData.class));
        CredentialJson.copyStoredFields(stored, model);
        return model;
    }

    public IdentityKeyData data() {
        return data;
    }
}
