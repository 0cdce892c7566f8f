package dev.parley.keycloak.credential;

import org.keycloak.credential.CredentialModel;

/** One registered device of a user, stored as a {@code parley-device} credential; its label is the device name. */
public class DeviceCredentialModel extends CredentialModel {

    public static final String TYPE = "parley-device";

    private final DeviceData data;

    private DeviceCredentialModel(DeviceData data) {
        this.data = data;
    }

    public static DeviceCredentialModel create(DeviceData data, String label) {
        DeviceCredentialModel model = new DeviceCredentialModel(data);
        model.setType(TYPE);
        model.setUserLabel(label);
        model.setCreatedDate(data.createdAt());
        model.setSecretData("{}");
        model.setCredentialData(CredentialJson.write(data));
        return model;
    }

    public static DeviceCredentialModel of(CredentialModel stored) {
        DeviceCredentialModel model = new DeviceCredentialModel(
                CredentialJson.read(stored.getCredentialData(), DeviceData.class));
        CredentialJson.copyStoredFields(stored, model);
        return model;
    }

    public DeviceData data() {
        return data;
    }
}
