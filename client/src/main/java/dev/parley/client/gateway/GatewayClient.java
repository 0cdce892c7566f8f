package dev.parley.client.gateway;

import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.AuthorizedHttp;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.net.URI;
import dev.parley.protocol.device.RequestProof;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway's REST API with the signed-in user's access token. A request the gateway refuses with 401
 * is retried exactly once, after a token refresh; every other refusal is a {@link GatewayException}.
 *
 * <p>Every request that acts as a device (names it in {@value #DEVICE_HEADER}) is signed with that device's key,
 * anew for each attempt ({@link RequestProof}, docs/protocol.md#device-bound-requests); the gateway's id, which the
 * proof names, is read once from {@code GET /api/v1/me}.
 */
public final class GatewayClient {

    /** The header naming the calling device; a request carrying it is signed with the device's key. */
    public static final String DEVICE_HEADER = RequestProof.DEVICE_HEADER;

    private final URI gatewayUrl;
    private final AuthorizedHttp http;
    private final Function<String, Optional<DeviceSigner>> signers;
    private volatile String gatewayId;

    /** A client that holds no device key: requests acting as a device go out unsigned, and the gateway refuses them. */
    public GatewayClient(URI gatewayUrl, JsonHttp http, AuthManager auth) {
        this(gatewayUrl, http, auth, deviceId -> Optional.empty());
    }

    /**
     * @param gatewayUrl the gateway's base address, ending in {@code /}
     * @param signers    the key of each device this client acts as, by device id
     */
    public GatewayClient(URI gatewayUrl, JsonHttp http, AuthManager auth, Function<String, Optional<DeviceSigner>> signers) {
        this.gatewayUrl = gatewayUrl;
        this.http = new AuthorizedHttp(http, auth);
        this.signers = signers;
    }

    /** The gateway's base address, ending in {@code /}. */
    public URI url() {
        return gatewayUrl;
    }

    /** {@code GET /api/v1/me}. */
    public Me me() {
        return read(call("GET", "api/v1/me", null, Map.of()), Me.class);
    }

    /** {@code GET /api/v1/contacts}: contacts and pending requests both ways. */
    public Contacts contacts() {
        return read(call("GET", "api/v1/contacts", null, Map.of()), Contacts.class);
    }

    /** Asks {@code userId} to become a contact; {@code contact} if they had already asked. */
    public ContactState requestContact(String userId) {
        return read(call("POST", "api/v1/contacts/requests", Map.of("user_id", userId), Map.of()), ContactState.class);
    }

    public ContactState acceptContact(String userId) {
        return read(call("POST", "api/v1/contacts/requests/" + segment(userId) + "/accept", null, Map.of()), ContactState.class);
    }

    public void declineContact(String userId) {
        call("POST", "api/v1/contacts/requests/" + segment(userId) + "/decline", null, Map.of());
    }

    /** Withdraws the caller's own pending request to {@code userId}. */
    public void cancelContactRequest(String userId) {
        call("DELETE", "api/v1/contacts/requests/" + segment(userId), null, Map.of());
    }

    public void removeContact(String userId) {
        call("DELETE", "api/v1/contacts/" + segment(userId), null, Map.of());
    }

    public Blocks blocks() {
        return read(call("GET", "api/v1/blocks", null, Map.of()), Blocks.class);
    }

    public void block(String userId) {
        call("PUT", "api/v1/blocks/" + segment(userId), null, Map.of());
    }

    public void unblock(String userId) {
        call("DELETE", "api/v1/blocks/" + segment(userId), null, Map.of());
    }

    /** {@code GET /api/v1/key-packages/count} for the calling device. */
    public KeyPackageCount keyPackageCount(String deviceId) {
        return read(call("GET", "api/v1/key-packages/count", null, Map.of(DEVICE_HEADER, deviceId)), KeyPackageCount.class);
    }

    /**
     * Uploads one-time KeyPackages and, if not null, a last-resort one (base64url MLSMessages). All or nothing:
     * a refusal stored none of them.
     */
    public KeyPackageUpload uploadKeyPackages(String deviceId, List<String> oneTime, String lastResort) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_packages", oneTime);
        if (lastResort != null) {
            body.put("last_resort", lastResort);
        }
        return read(call("POST", "api/v1/key-packages", body, Map.of(DEVICE_HEADER, deviceId)), KeyPackageUpload.class);
    }

    /** The Delivery Service's conversations, acting as {@code deviceId}. */
    public ConversationsApi conversations(String deviceId) {
        return new ConversationsApi(this, deviceId);
    }

    /** A call acting as {@code deviceId}, read as {@code type}. */
    <T> T callAs(String method, String path, Object body, String deviceId, Class<T> type) {
        return read(call(method, path, body, Map.of(DEVICE_HEADER, deviceId)), type);
    }

    JsonHttp.Response call(String method, String path, Object body, Map<String, String> headers) {
        URI uri = gatewayUrl.resolve(path);
        byte[] json = JsonHttp.json(body);
        String deviceId = headers.get(DEVICE_HEADER);
        JsonHttp.Response response = http.call(method, uri, json,
                deviceId == null ? () -> headers : () -> signed(method, uri, json, deviceId, headers));
        if (!response.ok()) {
            throw GatewayException.from(response);
        }
        return response;
    }

    /** {@code headers} with a fresh proof that the request comes from {@code deviceId}; unchanged without its key. */
    private Map<String, String> signed(String method, URI uri, byte[] json, String deviceId, Map<String, String> headers) {
        Optional<DeviceSigner> signer = signers.apply(deviceId);
        if (signer.isEmpty()) {
            return headers;
        }
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.putAll(RequestProof.of(gatewayId(), signer.get().userId(), deviceId, method, uri, json, Instant.now())
                .headers(signer.get().privateKey()));
        return signed;
    }

    /** The gateway's id (what request proofs name), asked once. */
    public String gatewayId() {
        String known = gatewayId;
        if (known == null) {
            known = me().gatewayId();
            gatewayId = known;
        }
        return known;
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static <T> T read(JsonHttp.Response response, Class<T> type) {
        try {
            return JsonHttp.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new GatewayException("bad_response", response.status(),
                    "The gateway's answer could not be read as " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
