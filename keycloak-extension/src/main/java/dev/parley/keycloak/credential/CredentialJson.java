package dev.parley.keycloak.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/** JSON (de)serialisation of credential data with Keycloak's own mapper. */
final class CredentialJson {

    private CredentialJson() {
    }

    static String write(Object data) {
        try {
            return JsonSerialization.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + type.getSimpleName() + " credential data", e);
        }
    }

    static void copyStoredFields(CredentialModel from, CredentialModel to) {
        to.setId(from.getId());
        to.setType(from.getType());
        to.setUserLabel(from.getUserLabel());
        to.setCreatedDate(from.getCreatedDate());
        to.setSecretData(from.getSecretData());
        to.setCredentialData(from.getCredentialData());
    }
}
