package dev.parley.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The production realm template ({@code config/keycloak/parley-realm-production.json}) ships none of the development
 * realm's conveniences: no people, no passwords, no known secrets, no password grant.
 */
class ProductionRealmTemplateTest {

    private static final Path TEMPLATE = Path.of("..", "config", "keycloak", "parley-realm-production.json");

    private final String json = read();
    private final RealmRepresentation realm = parse(json);

    @Test
    void hasNoPeopleAndNoPasswords() {
        assertThat(realm.getUsers()).allSatisfy(user -> {
            assertThat(user.getServiceAccountClientId()).as(user.getUsername() + " is a service account").isNotNull();
            assertThat(user.getCredentials()).as(user.getUsername() + " has no credentials").isNullOrEmpty();
        });
        assertThat(json).doesNotContainIgnoringCase("\"password\"").doesNotContain("\"credentials\"");
        assertThat(realm.isRegistrationAllowed()).isFalse();
    }

    @Test
    void hasNoKnownSecretsAndNoPasswordGrant() {
        assertThat(json).doesNotContain("\"secret\"").doesNotContain("dev-secret");
        assertThat(realm.getClients()).allSatisfy(client -> {
            assertThat(client.getSecret()).as(client.getClientId()).isNull();
            assertThat(client.isDirectAccessGrantsEnabled()).as(client.getClientId() + ": password grant").isFalse();
            assertThat(client.isImplicitFlowEnabled()).as(client.getClientId() + ": implicit flow").isFalse();
        });
    }

    @Test
    void theCliSignsInWithTheDeviceGrantAndPkceAndItsTokensAreForParley() {
        ClientRepresentation cli = client("parley-cli");

        assertThat(cli.isPublicClient()).isTrue();
        assertThat(cli.isStandardFlowEnabled()).isFalse();
        assertThat(cli.isServiceAccountsEnabled()).isFalse();
        assertThat(cli.getAttributes()).containsEntry("oauth2.device.authorization.grant.enabled", "true")
                .containsEntry("pkce.code.challenge.method", "S256");
        assertThat(cli.getProtocolMappers()).extracting(ProtocolMapperRepresentation::getProtocolMapper)
                .contains("oidc-audience-mapper", "oidc-parley-claims-mapper");
        ProtocolMapperRepresentation audience = cli.getProtocolMappers().stream()
                .filter(mapper -> mapper.getProtocolMapper().equals("oidc-audience-mapper")).findFirst().orElseThrow();
        assertThat(audience.getConfig()).containsEntry("included.client.audience", "parley-gateway")
                .containsEntry("access.token.claim", "true").containsEntry("id.token.claim", "false");
    }

    @Test
    void theWebAppSignsInWithTheCodeFlowAndPkceAtTheGatewaysAddressOnlyAndItsTokensAreForParley() {
        ClientRepresentation web = client("parley-web");

        assertThat(web.isPublicClient()).isTrue();
        assertThat(web.isStandardFlowEnabled()).isTrue();
        assertThat(web.isServiceAccountsEnabled()).isFalse();
        assertThat(web.getAttributes()).containsEntry("pkce.code.challenge.method", "S256")
                .containsEntry("oauth2.device.authorization.grant.enabled", "false")
                .containsEntry("post.logout.redirect.uris", "+");
        assertThat(web.getRedirectUris()).isNotEmpty().allSatisfy(uri ->
                assertThat(uri).as("an https address of the app, to be replaced by the gateway's").startsWith("https://")
                        .contains("/parley/app/").doesNotContain("localhost"));
        assertThat(web.getWebOrigins()).containsExactly("+");
        assertThat(web.getProtocolMappers()).extracting(ProtocolMapperRepresentation::getProtocolMapper)
                .contains("oidc-audience-mapper", "oidc-parley-claims-mapper");
    }

    @Test
    void theGatewayIsAConfidentialServiceAccountWithOnlyTheParleyServiceRole() {
        ClientRepresentation gateway = client("parley-gateway");

        assertThat(gateway.isPublicClient()).isFalse();
        assertThat(gateway.isBearerOnly()).isFalse();
        assertThat(gateway.isServiceAccountsEnabled()).isTrue();
        assertThat(gateway.isStandardFlowEnabled()).isFalse();
        assertThat(gateway.isFullScopeAllowed()).isFalse();
        assertThat(gateway.getAttributes()).containsEntry("oauth2.device.authorization.grant.enabled", "false");
        UserRepresentation account = realm.getUsers().stream()
                .filter(user -> "parley-gateway".equals(user.getServiceAccountClientId())).findFirst().orElseThrow();
        assertThat(account.getRealmRoles()).containsExactly("parley-service");
        assertThat(account.getClientRoles()).isNullOrEmpty();
    }

    @Test
    void theRealmSignsWithWhatTheGatewayAcceptsAndFeedsRevocations() {
        assertThat(realm.getDefaultSignatureAlgorithm()).isEqualTo("RS256");
        assertThat(realm.getSslRequired()).isIn("external", "all");
        assertThat(realm.isBruteForceProtected()).isTrue();
        assertThat(realm.getPasswordPolicy()).contains("length(");
        assertThat(realm.getEventsListeners()).contains("parley-revocations");
        Map<String, String> attributes = realm.getAttributes();
        assertThat(attributes).containsEntry("parley.tokenAudience", "parley-gateway")
                .doesNotContainKey("parley.gatewayUrl");
        assertThat(realm.getClients()).extracting(ClientRepresentation::getClientId)
                .containsExactlyInAnyOrder("parley-gateway", "parley-cli", "parley-web");
        assertThat(realm.getClients()).as("Keycloak stores at most 255 characters of a description")
                .allSatisfy(client -> assertThat(client.getDescription()).hasSizeLessThanOrEqualTo(255));
    }

    private ClientRepresentation client(String clientId) {
        return realm.getClients().stream().filter(client -> client.getClientId().equals(clientId)).findFirst().orElseThrow();
    }

    private static String read() {
        try {
            return Files.readString(TEMPLATE);
        } catch (IOException e) {
            throw new AssertionError("The production realm template is missing at " + TEMPLATE.toAbsolutePath(), e);
        }
    }

    private static RealmRepresentation parse(String json) {
        try {
            return JsonSerialization.readValue(json, RealmRepresentation.class);
        } catch (IOException e) {
            throw new AssertionError("Not a Keycloak realm representation: " + e.getMessage(), e);
        }
    }
}
