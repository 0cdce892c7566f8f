package dev.parley.keycloak.device;

import java.util.function.Function;
import org.keycloak.models.RealmModel;

/**
 * Parley's per-realm settings, kept as realm attributes (the admin console's "Parley" page edits them).
 *
 * @param maxDevicesPerUser active devices a user may have (attribute {@code parley.maxDevicesPerUser}, default 10)
 * @param directoryPolicy   who may read a user's directory entry: {@code realm} (any user of the realm, the
 *                          default) or {@code contacts} (contacts and conversation partners, as the gateway at
 *                          {@code gatewayUrl} knows them)
 * @param gatewayUrl        the gateway's public URL, for clients and for a push hint ({@code parley.gatewayUrl})
 * @param challengeTtlSeconds how long a challenge can be used (attribute {@code parley.challengeTtlSeconds}, default 120)
 * @param challengesPerMinute challenges a user may request per minute ({@code parley.challengesPerMinute}, default 60)
 * @param registrationsPerMinute device registrations a user may attempt per minute
 *                            ({@code parley.registrationsPerMinute}, default 30)
 * @param tokenAudience the audience every caller's access token must carry ({@code aud}), or be issued to
 *                      ({@code azp}, the gateway's own service account): {@code parley.tokenAudience}, default
 *                      {@code parley-gateway}
 * @param identityResetMaxAuthAgeSeconds how long ago the caller may have signed in (the token's {@code auth_time})
 *                      and still reset the identity ({@code parley.identityResetMaxAuthAgeSeconds}, default 300)
 */
public record ParleySettings(int maxDevicesPerUser, String directoryPolicy, String gatewayUrl, int challengeTtlSeconds,
        int challengesPerMinute, int registrationsPerMinute, String tokenAudience, int identityResetMaxAuthAgeSeconds) {

    public static final String MAX_DEVICES_PER_USER = "parley.maxDevicesPerUser";
    public static final String DIRECTORY_POLICY = "parley.directoryPolicy";
    public static final String GATEWAY_URL = "parley.gatewayUrl";
    public static final String CHALLENGE_TTL_SECONDS = "parley.challengeTtlSeconds";
    public static final String CHALLENGES_PER_MINUTE = "parley.challengesPerMinute";
    public static final String REGISTRATIONS_PER_MINUTE = "parley.registrationsPerMinute";
    public static final String TOKEN_AUDIENCE = "parley.tokenAudience";
    public static final String IDENTITY_RESET_MAX_AUTH_AGE_SECONDS = "parley.identityResetMaxAuthAgeSeconds";

    public static final String DEFAULT_TOKEN_AUDIENCE = "parley-gateway";
    public static final int DEFAULT_IDENTITY_RESET_MAX_AUTH_AGE_SECONDS = 300;

    public static final String CONTACTS_POLICY = "contacts";

    public static ParleySettings of(RealmModel realm) {
        return from(realm::getAttribute);
    }

    /** The settings from attribute values; a missing, malformed or non-positive value gives the default. */
    static ParleySettings from(Function<String, String> attributes) {
        return new ParleySettings(
                positive(attributes.apply(MAX_DEVICES_PER_USER), 10),
                orDefault(attributes.apply(DIRECTORY_POLICY), "realm"),
                orDefault(attributes.apply(GATEWAY_URL), ""),
                positive(attributes.apply(CHALLENGE_TTL_SECONDS), 120),
                positive(attributes.apply(CHALLENGES_PER_MINUTE), 60),
                positive(attributes.apply(REGISTRATIONS_PER_MINUTE), 30),
                orDefault(attributes.apply(TOKEN_AUDIENCE), DEFAULT_TOKEN_AUDIENCE),
                positive(attributes.apply(IDENTITY_RESET_MAX_AUTH_AGE_SECONDS), DEFAULT_IDENTITY_RESET_MAX_AUTH_AGE_SECONDS));
    }

    /** Whether directory entries are shown to contacts and conversation partners only. */
    public boolean directoryForContactsOnly() {
        return CONTACTS_POLICY.equals(directoryPolicy);
    }

    private static int positive(String value, int fallback) {
        try {
            int parsed = Integer.parseInt(value == null ? "" : value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
