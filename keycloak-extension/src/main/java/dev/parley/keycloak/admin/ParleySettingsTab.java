package dev.parley.keycloak.admin;

import dev.parley.keycloak.device.ParleySettings;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "Parley" tab under Realm settings in the admin console (declarative admin UI; needs the
 * {@code declarative-ui} feature). Saving it copies the values into the realm attributes that
 * {@link ParleySettings} reads, so the REST API and the console always agree.
 */
public class ParleySettingsTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    static final String ID = "Parley";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "parley");
    }

    @Override
    public String getHelpText() {
        return "Parley end-to-end encrypted messaging: device limits, directory policy, the gateway's address, the token audience and the identity reset's sign-in age.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ParleySettings.MAX_DEVICES_PER_USER).label("Max devices per user")
                .helpText("How many active devices a user may register (default 10).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("10").add()
                .property().name(ParleySettings.DIRECTORY_POLICY).label("Directory policy")
                .helpText("Who may look up a user's identity key and devices: any user of the realm, or only their contacts and conversation partners (the gateway at the URL below is asked).")
                .type(ProviderConfigProperty.LIST_TYPE).options("realm", "contacts").defaultValue("realm").add()
                .property().name(ParleySettings.GATEWAY_URL).label("Gateway URL")
                .helpText("The URL of the Parley gateway (parley.ear) for this realm, e.g. https://chat.example.com/parley. Keycloak must reach it for the contacts policy.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(ParleySettings.TOKEN_AUDIENCE).label("Token audience")
                .helpText("The audience (aud) every access token sent to Parley must carry, or the client it must be issued to (azp): the gateway's client id (default parley-gateway). Tokens of other clients are refused.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(ParleySettings.DEFAULT_TOKEN_AUDIENCE).add()
                .property().name(ParleySettings.IDENTITY_RESET_MAX_AUTH_AGE_SECONDS).label("Identity reset: max sign-in age (s)")
                .helpText("Resetting the identity key revokes every device of the user, so it needs a recent sign-in: at most this many seconds ago (default 300).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(ParleySettings.DEFAULT_IDENTITY_RESET_MAX_AUTH_AGE_SECONDS)).add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        requirePositive(model.get(ParleySettings.MAX_DEVICES_PER_USER), "Max devices per user");
        requirePositive(model.get(ParleySettings.IDENTITY_RESET_MAX_AUTH_AGE_SECONDS), "The identity reset's max sign-in age");
        String audience = model.get(ParleySettings.TOKEN_AUDIENCE);
        if (audience != null && !audience.isBlank() && !audience.trim().matches("\\S+")) {
            throw new ComponentValidationException("The token audience is one client id, without spaces (e.g. parley-gateway).");
        }
        String policy = model.get(ParleySettings.DIRECTORY_POLICY);
        if (policy != null && !policy.isBlank() && !List.of("realm", ParleySettings.CONTACTS_POLICY).contains(policy)) {
            throw new ComponentValidationException("Directory policy must be 'realm' or 'contacts'.");
        }
        String gatewayUrl = model.get(ParleySettings.GATEWAY_URL);
        if (ParleySettings.CONTACTS_POLICY.equals(policy) && (gatewayUrl == null || gatewayUrl.isBlank())) {
            throw new ComponentValidationException(
                    "The 'contacts' directory policy needs the gateway URL: the gateway knows who is whose contact.");
        }
        if (gatewayUrl != null && !gatewayUrl.isBlank() && !gatewayUrl.trim().matches("https?://\\S+")) {
            throw new ComponentValidationException("The gateway URL must be an http:// or https:// URL, e.g. https://chat.example.com/parley.");
        }
    }

    private static void requirePositive(String value, String what) {
        try {
            if (value != null && !value.isBlank() && Integer.parseInt(value.trim()) < 1) {
                throw new ComponentValidationException(what + " must be at least 1.");
            }
        } catch (NumberFormatException e) {
            throw new ComponentValidationException(what + " must be a whole number.");
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        copyToRealm(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        copyToRealm(realm, newModel);
    }

    private static void copyToRealm(RealmModel realm, ComponentModel model) {
        for (String key : List.of(ParleySettings.MAX_DEVICES_PER_USER, ParleySettings.DIRECTORY_POLICY, ParleySettings.GATEWAY_URL,
                ParleySettings.TOKEN_AUDIENCE, ParleySettings.IDENTITY_RESET_MAX_AUTH_AGE_SECONDS)) {
            String value = model.get(key);
            if (value == null || value.isBlank()) {
                realm.removeAttribute(key);
            } else {
                realm.setAttribute(key, value.trim());
            }
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
