package dev.parley.client.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.client.auth.AuthorizedHttp;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's Authentication Service ({@code {realm.url}/parley/}, the Keycloak extension): the caller's identity
 * key and devices, and the directory of other users. Refusals are {@link AuthenticationServiceException}s.
 */
public final class AuthenticationServiceClient {

    /** {@code GET info}: the realm's name and the caller's user id as the realm sees them. */
    public record Info(@JsonProperty("extension_version") String extensionVersion,
                       @JsonProperty("realm") String realm,
                       @JsonProperty("user_id") String userId) {
    }

    /** A registered identity key. */
    public record Identity(@JsonProperty("public_key") String publicKey,
                           @JsonProperty("fingerprint") String fingerprint,
                           @JsonProperty("created_at") long createdAt) {
    }

    /** A device as its owner sees it (the directory omits label and platform). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(@JsonProperty("device_id") String deviceId,
                         @JsonProperty("device_key") String deviceKey,
                         @JsonProperty("cipher_suite") int cipherSuite,
                         @JsonProperty("certificate") String certificate,
                         @JsonProperty("created_at") long createdAt,
                         @JsonProperty("revoked") boolean revoked,
                         @JsonProperty("revoked_at") Long revokedAt,
                         @JsonProperty("revocation_reason") String revocationReason,
                         @JsonProperty("label") String label,
                         @JsonProperty("platform") String platform) {
    }

    /** What {@code POST devices} takes; see docs/protocol.md. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Registration(@JsonProperty("device_id") String deviceId,
                               @JsonProperty("device_key") String deviceKey,
                               @JsonProperty("cipher_suite") int cipherSuite,
                               @JsonProperty("platform") String platform,
                               @JsonProperty("label") String label,
                               @JsonProperty("created_at") long createdAt,
                               @JsonProperty("certificate") String certificate,
                               @JsonProperty("challenge") String challenge,
                               @JsonProperty("challenge_signature") String challengeSignature) {
    }

    /** Another user's directory entry: what a client verifies the members of its groups against. */
    public record DirectoryEntry(@JsonProperty("user_id") String userId,
                                 @JsonProperty("username") String username,
                                 @JsonProperty("identity") Identity identity,
                                 @JsonProperty("devices") List<Device> devices) {
    }

    private final URI base;
    private final AuthorizedHttp http;

    /** @param realmUrl the realm's address, e.g. {@code https://sso.example.com/realms/acme} */
    public AuthenticationServiceClient(URI realmUrl, AuthorizedHttp http) {
        this.base = URI.create(realmUrl.toString().replaceAll("/+$", "") + "/parley/");
        this.http = http;
    }

    public Info info() {
        return read(call("GET", "info", null), Info.class);
    }

    /** A fresh single-use challenge (base64url, 32 bytes). */
    public String challenge() {
        return call("POST", "challenges", null).json().path("challenge").asText();
    }

    /** The caller's identity key, or empty when none is registered. */
    public Optional<Identity> identity() {
        JsonHttp.Response response = http.call("GET", base.resolve("identity"), null, Map.of());
        if (response.status() == 409 && "identity_required".equals(response.json().path("error").asText())) {
            return Optional.empty();
        }
        return Optional.of(read(checked(response), Identity.class));
    }

    /** Registers the caller's identity key (base64url raw Ed25519 public key). */
    public Identity registerIdentity(String publicKey) {
        return read(call("PUT", "identity", Map.of("identity_key", publicKey)), Identity.class);
    }

    /** Resets the caller's identity: every device of the caller is revoked. */
    public void resetIdentity() {
        call("DELETE", "identity", null);
    }

    public Device registerDevice(Registration registration) {
        return read(call("POST", "devices", registration), Device.class);
    }

    /** The caller's devices, revoked ones included, oldest first. */
    public List<Device> devices() {
        return read(call("GET", "devices", null), new TypeReference<List<Device>>() { });
    }

    public Device renameDevice(String deviceId, String label) {
        return read(call("PATCH", "devices/" + segment(deviceId), Map.of("label", label)), Device.class);
    }

    public void revokeDevice(String deviceId) {
        call("DELETE", "devices/" + segment(deviceId), null);
    }

    /** Who a user is: id and user name, readable by every user of the realm whatever its directory policy. */
    public record RealmUser(@JsonProperty("user_id") String userId, @JsonProperty("username") String username) {
    }

    /** The user of a user name; {@code user_not_found} if the realm has none. */
    public RealmUser userByUsername(String username) {
        return read(call("GET", "users?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null), RealmUser.class);
    }

    /** The user of a user id; {@code user_not_found} if the realm has none. */
    public RealmUser user(String userId) {
        return read(call("GET", "users/" + segment(userId), null), RealmUser.class);
    }

    public DirectoryEntry directory(String userId) {
        return read(call("GET", "directory/" + segment(userId), null), DirectoryEntry.class);
    }

    private JsonHttp.Response call(String method, String path, Object body) {
        return checked(http.call(method, base.resolve(path), body, Map.of()));
    }

    private static JsonHttp.Response checked(JsonHttp.Response response) {
        if (!response.ok()) {
            throw AuthenticationServiceException.of(response);
        }
        return response;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T read(JsonHttp.Response response, Class<T> type) {
        try {
            return JsonHttp.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AuthenticationServiceException("bad_response", response.status(),
                    "The realm's answer could not be read as " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static <T> T read(JsonHttp.Response response, TypeReference<T> type) {
        try {
            return JsonHttp.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AuthenticationServiceException("bad_response", response.status(),
                    "The realm's answer could not be read: " + e.getMessage());
        }
    }
}
