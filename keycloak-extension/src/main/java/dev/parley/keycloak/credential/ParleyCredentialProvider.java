package dev.parley.keycloak.credential;

import dev.parley.keycloak.device.RevocationReconciler;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What both Parley credential types share: they are stored as they are, never validated as a login
 * secret, and removable by an admin (which revokes, see {@code RevocationReconciler}).
 */
abstract class ParleyCredentialProvider<T extends CredentialModel> implements CredentialProvider<T> {

    protected final KeycloakSession session;
    private final String displayName;
    private final String helpText;
    private final String icon;

    ParleyCredentialProvider(KeycloakSession session, String displayName, String helpText, String icon) {
        this.session = session;
        this.displayName = displayName;
        this.helpText = helpText;
        this.icon = icon;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, T credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        boolean removed = user.credentialManager().removeStoredCredentialById(credentialId);
        if (removed) {
            new RevocationReconciler(session).reconcile(realm, user.getId());
        }
        return removed;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(displayName)
                .helpText(helpText)
                .iconCssClass(icon)
                .removeable(true)
                .build(session);
    }
}
