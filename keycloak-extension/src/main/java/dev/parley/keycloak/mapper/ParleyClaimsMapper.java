package dev.parley.keycloak.mapper;

import dev.parley.keycloak.device.IdentityManager;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Puts what the gateway needs into tokens: {@value #USER_ID_CLAIM} (the Keycloak user id, present even when
 * {@code sub} is left out of lightweight tokens) and {@value #IDENTITY_FINGERPRINT_CLAIM} (the fingerprint of
 * the user's identity key; absent until one is registered).
 */
public class ParleyClaimsMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String ID = "oidc-parley-claims-mapper";
    public static final String USER_ID_CLAIM = "parley_user_id";
    public static final String IDENTITY_FINGERPRINT_CLAIM = "parley_identity_fingerprint";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, ParleyClaimsMapper.class);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Parley claims";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds parley_user_id and parley_identity_fingerprint for the Parley gateway.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        token.getOtherClaims().put(USER_ID_CLAIM, user.getId());
        new IdentityManager(session).find(user)
                .ifPresent(identity -> token.getOtherClaims().put(IDENTITY_FINGERPRINT_CLAIM, identity.data().fingerprint()));
    }
}
