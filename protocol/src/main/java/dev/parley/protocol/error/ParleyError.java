package dev.parley.protocol.error;

/**
 * Every failure the gateway or the Authentication Service reports, by name. The same codes travel in REST error bodies
 * ({@code {"error": "<code>", "message": "..."}}) and in WebSocket error frames, and the client maps them
 * back to this enum, so a failure has exactly one name on both sides of the wire.
 *
 * <p>Codes are stable: once published, a code keeps its meaning. New failures get new codes.
 * {@code docs/protocol.md} lists them all.
 */
public enum ParleyError {

    TOKEN_MISSING(401, "No access token was sent. Sign in (parley login) and send it as 'Authorization: Bearer <token>'."),
    TOKEN_MALFORMED(401, "The access token is not a well-formed signed JWT. Send the access token exactly as Keycloak issued it."),
    TOKEN_EXPIRED(401, "The access token has expired. Refresh it (or sign in again) and retry."),
    TOKEN_NOT_YET_VALID(401, "The access token is not valid yet. Check the clocks of the client and the servers."),
    TOKEN_SIGNATURE_INVALID(401, "The access token's signature does not verify with the realm's keys. Get a new token from the realm this gateway trusts."),
    TOKEN_ISSUER_MISMATCH(401, "The access token was issued by a realm this gateway does not trust. Sign in to the gateway's realm."),
    TOKEN_AUDIENCE_MISMATCH(401, "The access token was not issued for this gateway (wrong audience). Sign in with a client whose tokens carry the gateway's audience."),
    TOKEN_TYPE_INVALID(401, "The token is not an access token (its typ is not Bearer), e.g. an ID token. Send the access_token of the token response."),
    TOKEN_REJECTED(401, "The realm does not accept this access token: its signature, issuer or sign-in session does not check out (forged, of another realm, or its session ended: signed out, or the user was disabled). Sign in again (parley login)."),
    REAUTHENTICATION_REQUIRED(401, "This change needs a recent sign-in, and this token's sign-in (auth_time) is older than the realm allows. Sign out and in again (parley logout, then parley login) and repeat it right away."),
    TICKET_INVALID(401, "The connect ticket is unknown, expired or already used. Get a new one (POST /api/v1/realtime/tickets) right before connecting."),
    AUTH_UNAVAILABLE(503, "The gateway cannot reach the realm's signing keys right now. Retry shortly; if it persists, check that Keycloak is up."),

    RATE_LIMITED(429, "Too many requests of this kind. Wait for the number of seconds in retry_after_seconds (or the Retry-After header) and try again."),

    CONTACT_SELF(400, "You cannot add yourself as a contact."),
    CONTACT_ALREADY(409, "You are already contacts."),
    CONTACT_REQUEST_NOT_FOUND(404, "There is no pending contact request from or to that user. List them with GET /api/v1/contacts."),
    CONTACT_NOT_FOUND(404, "That user is not one of your contacts."),
    CONTACT_REFUSED(403, "That user does not accept this request."),
    BLOCK_SELF(400, "You cannot block yourself."),

    // Presence (see docs/protocol.md#presence)
    PRESENCE_STATUS_INVALID(400, "A device's status is online, away or busy; invisible is true or false."),
    WATCHLIST_FULL(409, "This device already watches as many users as the gateway allows. Unwatch some first; nothing was added."),

    FORBIDDEN(403, "Your token does not allow this call. The message says which role is missing."),

    // Authentication Service (the Keycloak extension, /realms/{realm}/parley)
    IDENTITY_KEY_INVALID(400, "The identity key must be a raw 32-byte Ed25519 public key, base64url-encoded."),
    IDENTITY_EXISTS(409, "An identity key is already registered. Reset it first (DELETE identity); that revokes every device."),
    IDENTITY_REQUIRED(409, "Register the user's identity key before registering a device."),
    CHALLENGE_INVALID(400, "The challenge is unknown, expired or already used. Request a new one (POST challenges) and sign it."),
    PROOF_INVALID(400, "The challenge signature does not verify with the device key. Sign the DeviceProofTBS with the device's private key."),
    CERTIFICATE_INVALID(400, "The device certificate does not verify with the identity key. Sign the DeviceCertificateTBS with the identity key."),
    DEVICE_KEY_INVALID(400, "The device key must be a raw 32-byte Ed25519 public key, base64url-encoded."),
    DEVICE_KEY_DUPLICATE(409, "This device key is already registered. Generate a new key pair for every device."),
    DEVICE_EXISTS(409, "A device with this id is already registered (or was revoked). Choose another device id."),
    CIPHER_SUITE_UNSUPPORTED(400, "This MLS cipher suite is not supported. Use suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)."),
    DEVICE_LIMIT_REACHED(409, "The user has as many devices as this realm allows. Revoke one first."),
    DEVICE_NAME_TAKEN(409, "Another of your devices already has this name. Choose another name (or rename that device first)."),
    DEVICE_NOT_FOUND(404, "There is no active device with this id."),
    USER_NOT_FOUND(404, "There is no such user in this realm."),
    DIRECTORY_HIDDEN(403, "This realm shows a user's identity key and devices only to their contacts and conversation partners. Send them a contact request (parley contacts request <user>) and wait until they accept."),
    DIRECTORY_UNAVAILABLE(503, "This realm shows the directory to contacts only and the gateway that knows contacts could not be asked. Retry shortly; if it persists, an administrator checks the gateway URL in the realm's Parley settings."),

    // KeyPackage directory (see docs/protocol.md#keypackage-directory)
    KEY_PACKAGE_INVALID(400, "A KeyPackage is not valid. The message names its index and the reason; the whole batch was rejected and nothing was stored."),
    KEY_PACKAGE_EXPIRED(400, "A KeyPackage's lifetime has ended. Generate fresh KeyPackages; the whole batch was rejected."),
    KEY_PACKAGE_WRONG_DEVICE(400, "A KeyPackage's signature key or credential identity is not the calling device's registered key and identity."),
    BATCH_TOO_LARGE(400, "Too many KeyPackages in one upload. Send at most 100 per request."),
    KEY_PACKAGE_POOL_FULL(409, "The device already stores as many unclaimed one-time KeyPackages as the gateway allows (parley.key-packages.max-pool); the upload was refused whole and nothing was stored. Upload only what GET /api/v1/key-packages/count shows is missing."),
    DEVICE_ID_REQUIRED(400, "Name the calling device in the Parley-Device-Id header."),

    // Conversations and the MLS Delivery Service (see docs/protocol.md#conversations)
    CONVERSATION_NOT_FOUND(404, "There is no such conversation among yours. List yours with GET /api/v1/conversations."),
    CONTACT_REQUIRED(403, "This gateway allows direct messages only between contacts. Send a contact request first (POST /api/v1/contacts/requests)."),
    GROUP_ID_TAKEN(409, "Another conversation already uses this MLS group_id. Create the MLS group with a fresh random group_id."),
    NOT_MEMBER(403, "This device is not a member of the conversation's MLS group. Wait for its Welcome, or ask a member to add it."),
    ROLE_REQUIRED(403, "Your role in this room does not allow this change: owners and admins add and remove others, members only their own devices."),
    ALREADY_MEMBER(409, "A device being added is already a member of the group. Remove it first, or leave it out of the commit."),
    STALE_EPOCH(409, "The message is not for the conversation's current epoch (see current_epoch). Fetch and process the log, then rebuild the commit (or message) and retry."),
    MALFORMED_MLS(400, "The MLS message is not a well-formed RFC 9420 MLSMessage of the expected kind. The message names the field."),
    UNKNOWN_GROUP(400, "The MLS message belongs to another group than this conversation's. Send it to the conversation whose group_id it carries."),
    MLS_UNSUPPORTED(400, "This kind of MLS message is not accepted: send commits as PublicMessage with proposals by value and application messages as PrivateMessage."),
    MEMBERSHIP_MISMATCH(400, "The declared adds and removes differ from the Commit's Add and Remove proposals or from the Welcome's recipients. Declare exactly what the commit does."),
    KEY_PACKAGE_NOT_CLAIMED(400, "An added KeyPackage was not handed out by this gateway's directory. Claim it first (POST /api/v1/key-packages/claim)."),
    GROUP_INFO_INVALID(400, "The GroupInfo is not the one of the epoch the commit creates (group_id, epoch, signer, cipher suite, extensions, confirmation tag, confirmed transcript hash, tree hash or ratchet tree). Send the GroupInfo of the new epoch, signed by the committer."),
    MLS_SIGNATURE_INVALID(400, "A signature in the MLS message does not verify with the sending device's registered key. Sign with the device key the Authentication Service holds."),
    KEY_PACKAGE_USED(409, "An added one-time KeyPackage was already used by an accepted commit. Claim a fresh KeyPackage for the device and rebuild the commit."),
    UPDATE_PATH_INVALID(400, "The commit does not fit the group's ratchet tree: its UpdatePath has another number of nodes than the committer's filtered direct path, its leaf node's parent_hash or signature does not verify, or a proposal names a leaf that is not a member. Build the commit from the group's current tree."),
    PATH_REQUIRED(400, "This commit must carry an UpdatePath (RFC 9420 §12.4): it has no proposals, or covers a Remove, Update, ExternalInit or GroupContextExtensions proposal. Commit with a path."),
    TOO_MANY_ADDS(400, "The commit adds more devices than the gateway allows in one commit (parley.conversations.max-adds-per-commit); nothing was stored. Split the additions over several commits."),
    CONVERSATION_LIMIT_REACHED(403, "A user would take part in more conversations than the gateway allows (parley.quota.conversations-per-user); nothing was created or added. Leave conversations no longer needed first."),
    QUOTA_EXCEEDED(429, "A daily quota of this user is used up (conversations created, or message bytes sent, per day); nothing was stored. Wait for the number of seconds in retry_after_seconds (or the Retry-After header)."),
    GROUP_INFO_NOT_FOUND(404, "The gateway keeps no GroupInfo for that epoch of the conversation. Ask for the current epoch."),

    // WebSocket (see docs/protocol.md#websocket)
    MALFORMED_FRAME(400, "The frame is not a JSON object with the fields its type needs. See docs/protocol.md#websocket."),
    UNKNOWN_FRAME_TYPE(400, "This frame type does not exist. See docs/protocol.md#websocket."),
    NOT_CONNECTED(400, "Prove the device first: send a connect frame signed with the device key."),
    ALREADY_CONNECTED(400, "This connection has already proven its device."),
    UNSUPPORTED_PROTOCOL_VERSION(400, "This protocol version is not spoken here. Upgrade the client."),
    DEVICE_PROOF_INVALID(401, "The connect signature does not verify with the device's registered key. Sign ConnectProofTBS with the device's private key."),
    DEVICE_REVOKED(403, "This device was revoked. Register a new device."),
    TOO_MANY_CONNECTIONS(409, "This user already holds as many live connections (WebSocket or SSE, one per device) as the gateway allows. Close one of the user's other devices' connections first."),
    TOKEN_USER_MISMATCH(400, "The new access token belongs to another user. Open a new connection for that user."),

    NOT_FOUND(404, "There is nothing at this address. Check the path against docs/protocol.md."),
    METHOD_NOT_ALLOWED(405, "This address does not accept that HTTP method."),
    UNSUPPORTED_MEDIA_TYPE(415, "Send the request body as application/json."),
    NOT_ACCEPTABLE(406, "This endpoint answers in application/json only."),
    BAD_REQUEST(400, "The request is not valid. The message says which part."),
    MALFORMED_JSON(400, "The body is not one JSON object in UTF-8 within the gateway's limits (nesting depth, number size, no key twice, nothing after the object), or a field has the wrong JSON type or a number is out of range; the message says which. Nothing was stored."),
    // Mailbox and realtime delivery (see docs/protocol.md#mailbox-and-realtime-delivery)
    ENVELOPE_TOO_LARGE(413, "The MLS message is larger than this gateway accepts (parley.mailbox.max-envelope-bytes); nothing was stored. Send smaller messages (split attachments)."),
    REALTIME_NONCE_INVALID(401, "The realtime nonce is unknown, expired or already used. Get a new one (POST /api/v1/realtime/nonces) and sign it right before connecting."),

    // Device-bound REST requests (see docs/protocol.md#device-bound-requests)
    REQUEST_PROOF_MISSING(401, "This request acts as a device (Parley-Device-Id) and must prove it: send Parley-Timestamp, Parley-Nonce and Parley-Signature, the device key's signature over RequestProofTBS. Only the device itself can make it; update the client."),
    REQUEST_PROOF_INVALID(401, "The request proof does not check out (the message says which part): sign the request exactly as sent (method, path and query, body) with the device's registered key, keep the clock within the gateway's window, and send a fresh nonce."),
    REQUEST_REPLAYED(401, "This request proof's nonce was already used: a signed request is accepted once. Sign every request, and every retry, with a fresh nonce."),
    REQUEST_TOO_LARGE(413, "The request body is larger than this gateway reads (parley.http.max-body-bytes, and parley.request-proof.max-body-bytes for a device-bound request); nothing was stored. Send smaller messages."),

    TOO_MANY_IN_FLIGHT(429, "This connection has as many requests waiting for their answers as the gateway allows (parley.ws.max-in-flight); this one was refused and nothing was stored. Wait for answers before sending more."),
    OVERLOADED(503, "The gateway's queue of messages waiting to be written is full; nothing was stored. Retry in a moment."),
    CONFLICT(409, "Another request changed the same data at the same moment. Retry the request."),
    INTERNAL_ERROR(500, "The gateway failed unexpectedly. Retry; if it persists, report the time of the failure to your administrator.");

    private final int httpStatus;
    private final String hint;

    ParleyError(int httpStatus, String hint) {
        this.httpStatus = httpStatus;
        this.hint = hint;
    }

    /** The machine-readable code, e.g. {@code token_expired}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The HTTP status used when this error is returned over REST. */
    public int httpStatus() {
        return httpStatus;
    }

    /** One sentence for a person: what went wrong and what to do next. */
    public String hint() {
        return hint;
    }

    /** The error with this code, or {@code null} for a code this version does not know. */
    public static ParleyError fromCode(String code) {
        for (ParleyError error : values()) {
            if (error.code().equals(code)) {
                return error;
            }
        }
        return null;
    }
}
