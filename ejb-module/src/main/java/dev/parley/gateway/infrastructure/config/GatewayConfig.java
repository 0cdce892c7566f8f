package dev.parley.gateway.infrastructure.config;

import dev.parley.gateway.domain.model.conversation.DmPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's settings, read through MicroProfile Config: system properties (for example
 * {@code /system-property=parley.oidc.issuer:add(value=...)} in jboss-cli) and environment variables
 * ({@code PARLEY_OIDC_ISSUER}, {@code GATEWAY_ID}). {@code docs/operations.md} lists every key.
 */
@ApplicationScoped
public class GatewayConfig {

    private static final Logger LOG = Logger.getLogger(GatewayConfig.class);

    /** Default of {@code parley.realtime.tickets-per-minute}. */
    public static final int DEFAULT_REALTIME_TICKETS_PER_MINUTE = 30;
    /** Default of {@code parley.realtime.max-outstanding}. */
    public static final int DEFAULT_REALTIME_MAX_OUTSTANDING = 100_000;

    @Inject
    @ConfigProperty(name = "parley.realtime.tickets-per-minute", defaultValue = "" + DEFAULT_REALTIME_TICKETS_PER_MINUTE)
    int realtimeTicketsPerMinute;

    @Inject
    @ConfigProperty(name = "parley.realtime.max-outstanding", defaultValue = "" + DEFAULT_REALTIME_MAX_OUTSTANDING)
    int realtimeMaxOutstanding;

    @Inject
    @ConfigProperty(name = "parley.realtime.max-connections-per-user", defaultValue = "20")
    int maxConnectionsPerUser;

    @Inject
    @ConfigProperty(name = "parley.conversations.log-page-max-bytes", defaultValue = "4194304")
    int logPageMaxBytes;

    @Inject
    @ConfigProperty(name = "parley.directory.cache-seconds", defaultValue = "300")
    int directoryCacheSeconds;

    @Inject
    @ConfigProperty(name = "parley.directory.cache-max-users", defaultValue = "10000")
    int directoryCacheMaxUsers;

    @Inject
    @ConfigProperty(name = "parley.directory.lookups-per-minute", defaultValue = "600")
    int directoryLookUpsPerMinute;

    /** How long a user's devices are cached (revocations invalidate them at once; an unknown user only 30 s). */
    public Duration directoryCacheTime() {
        return Duration.ofSeconds(Math.max(1, directoryCacheSeconds));
    }

    /** How many users' devices the cache holds at most (least recently used go first). */
    public int directoryCacheMaxUsers() {
        return Math.max(1, directoryCacheMaxUsers);
    }

    /** Look-ups of devices in the Authentication Service that the cache cannot answer, per minute for the node. */
    public int directoryLookUpsPerMinute() {
        return Math.max(1, directoryLookUpsPerMinute);
    }

    /** Connect tickets (and, counted apart, SSE nonces) one user may get in a burst and per minute. */
    public int realtimeTicketsPerMinute() {
        return Math.max(1, realtimeTicketsPerMinute);
    }

    /** Connect tickets (and, apart, SSE nonces) that may wait to be redeemed on one node at once. */
    public int realtimeMaxOutstanding() {
        return Math.max(1, realtimeMaxOutstanding);
    }

    /** Live realtime connections (WebSocket and SSE, one per device) one user may hold on one node. */
    public int maxConnectionsPerUser() {
        return Math.max(1, maxConnectionsPerUser);
    }

    /** The most bytes of MLS messages one page of {@code GET …/log} carries (at least one entry is always sent). */
    public int logPageMaxBytes() {
        return Math.max(1, logPageMaxBytes);
    }

    @Inject
    @ConfigProperty(name = "gateway.id", defaultValue = "gw_local")
    String gatewayId;

    @Inject
    @ConfigProperty(name = "jboss.node.name", defaultValue = "node")
    String nodeName;

    @Inject
    @ConfigProperty(name = "parley.oidc.issuer", defaultValue = "http://localhost:8180/realms/parley")
    String issuer;

    @Inject
    @ConfigProperty(name = "parley.oidc.jwks-url")
    Optional<String> jwksUrl;

    @Inject
    @ConfigProperty(name = "parley.oidc.audience", defaultValue = "parley-gateway")
    String audience;

    @Inject
    @ConfigProperty(name = "parley.oidc.clock-skew-seconds", defaultValue = "30")
    int clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "parley.contacts.requests-per-minute", defaultValue = "5")
    int contactRequestsPerMinute;

    @Inject
    @ConfigProperty(name = "parley.contacts.requests-per-day", defaultValue = "100")
    int contactRequestsPerDay;

    @Inject
    @ConfigProperty(name = "parley.oidc.client-id", defaultValue = "parley-gateway")
    String clientId;

    @Inject
    @ConfigProperty(name = "parley.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "parley.revocation.poll-interval-ms", defaultValue = "2000")
    long revocationPollIntervalMillis;

    @Inject
    @ConfigProperty(name = "parley.dm.policy", defaultValue = "directory")
    String dmPolicy;

    @Inject
    @ConfigProperty(name = "parley.conversations.messages-per-minute", defaultValue = "3000")
    int conversationMessagesPerMinute;

    @Inject
    @ConfigProperty(name = "parley.key-packages.max-lifetime-days", defaultValue = "90")
    int keyPackageMaxLifetimeDays;

    @Inject
    @ConfigProperty(name = "parley.key-packages.claims-per-minute", defaultValue = "100")
    int keyPackageClaimsPerMinute;

    @Inject
    @ConfigProperty(name = "parley.key-packages.low-water", defaultValue = "10")
    int keyPackageLowWater;

    @Inject
    @ConfigProperty(name = "parley.key-packages.purge-interval-minutes", defaultValue = "60")
    long keyPackagePurgeIntervalMinutes;

    /**
     * Who may open direct conversations: {@code directory} (default: any realm user with any other) or
     * {@code contacts} (only contacts). An unknown value is read as {@code contacts}, the stricter one, and logged.
     */
    public DmPolicy dmPolicy() {
        try {
            return DmPolicy.parse(dmPolicy);
        } catch (IllegalArgumentException e) {
            LOG.warnf("parley.dm.policy=%s is neither 'directory' nor 'contacts'; applying 'contacts'", dmPolicy);
            return DmPolicy.CONTACTS;
        }
    }

    /** How many messages and commits one device may send in a burst, and per minute after it. */
    public int conversationMessagesPerMinute() {
        return conversationMessagesPerMinute;
    }

    @Inject
    @ConfigProperty(name = "parley.mailbox.max-envelope-bytes", defaultValue = "262144")
    int maxEnvelopeBytes;

    /** The largest MLS message (commit, Welcome, GroupInfo or application message) the log accepts, in bytes. */
    public int maxEnvelopeBytes() {
        return Math.max(1, maxEnvelopeBytes);
    }

    @Inject
    @ConfigProperty(name = "parley.quota.conversations-per-day", defaultValue = "100")
    int conversationsPerDay;

    @Inject
    @ConfigProperty(name = "parley.quota.conversations-per-user", defaultValue = "2000")
    int conversationsPerUser;

    @Inject
    @ConfigProperty(name = "parley.quota.message-bytes-per-day", defaultValue = "1073741824")
    int messageBytesPerDay;

    @Inject
    @ConfigProperty(name = "parley.conversations.max-adds-per-commit", defaultValue = "100")
    int maxAddsPerCommit;

    @Inject
    @ConfigProperty(name = "parley.conversations.group-infos-kept", defaultValue = "10")
    int groupInfosKept;

    @Inject
    @ConfigProperty(name = "parley.key-packages.uploads-per-minute", defaultValue = "30")
    int keyPackageUploadsPerMinute;

    @Inject
    @ConfigProperty(name = "parley.key-packages.max-pool", defaultValue = "500")
    int keyPackageMaxPool;

    /** Conversations (rooms and direct conversations) one user may create per 24 hours. */
    public int conversationsPerDay() {
        return Math.max(1, conversationsPerDay);
    }

    /** Conversations one user may take part in at once (created, or added to by a commit). */
    public int conversationsPerUser() {
        return Math.max(1, conversationsPerUser);
    }

    /** Bytes of MLS messages (application messages and commit bundles) one user may send per 24 hours. */
    public int messageBytesPerDay() {
        return Math.max(1, messageBytesPerDay);
    }

    /** Devices one commit may add. */
    public int maxAddsPerCommit() {
        return Math.max(1, maxAddsPerCommit);
    }

    /** GroupInfos kept per conversation: the current epoch's and those of the epochs just before it. */
    public int groupInfosKept() {
        return Math.max(1, groupInfosKept);
    }

    /** KeyPackage uploads one device may make in a burst, and per minute after it. */
    public int keyPackageUploadsPerMinute() {
        return Math.max(1, keyPackageUploadsPerMinute);
    }

    /** Unclaimed one-time KeyPackages one device may store at most. */
    public int keyPackageMaxPool() {
        return Math.max(1, keyPackageMaxPool);
    }

    @Inject
    @ConfigProperty(name = "parley.log.queue-capacity", defaultValue = "20000")
    int logQueueCapacity;

    @Inject
    @ConfigProperty(name = "parley.log.max-batch", defaultValue = "512")
    int logMaxBatch;

    @Inject
    @ConfigProperty(name = "parley.log.max-batch-bytes", defaultValue = "8388608")
    int logMaxBatchBytes;

    /** How many appends may wait for the log writer; past that a submission is refused with {@code overloaded}. */
    public int logQueueCapacity() {
        return Math.max(1, logQueueCapacity);
    }

    /** The most appends one group commit (one database transaction) carries. */
    public int logMaxBatch() {
        return Math.max(1, logMaxBatch);
    }

    /** The most message bytes one group commit carries (a single larger message still goes alone). */
    public int logMaxBatchBytes() {
        return Math.max(1, logMaxBatchBytes);
    }

    @Inject
    @ConfigProperty(name = "parley.mailbox.retention-days", defaultValue = "30")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "parley.mailbox.retention-max-entries", defaultValue = "1000000")
    long retentionMaxEntries;

    @Inject
    @ConfigProperty(name = "parley.mailbox.retention-max-bytes", defaultValue = "1073741824")
    long retentionMaxBytes;

    @Inject
    @ConfigProperty(name = "parley.mailbox.prune-interval-seconds", defaultValue = "300")
    int pruneIntervalSeconds;

    /** How long log entries are kept at most, acknowledged or not (0: no age limit). */
    public Duration retentionAge() {
        return Duration.ofDays(Math.max(0, retentionDays));
    }

    /** How many entries a conversation's log keeps at most (0: no limit); older ones are pruned. */
    public long retentionMaxEntries() {
        return Math.max(0, retentionMaxEntries);
    }

    /** How many bytes of MLS messages a conversation's log keeps at most (0: no limit). */
    public long retentionMaxBytes() {
        return Math.max(0, retentionMaxBytes);
    }

    /** How often the retention pruner runs. */
    public Duration pruneInterval() {
        return Duration.ofSeconds(Math.max(1, pruneIntervalSeconds));
    }

    @Inject
    @ConfigProperty(name = "parley.presence.lease-seconds", defaultValue = "60")
    int presenceLeaseSeconds;

    @Inject
    @ConfigProperty(name = "parley.presence.watchlist-cap", defaultValue = "200")
    int watchlistCap;

    @Inject
    @ConfigProperty(name = "parley.presence.visibility", defaultValue = "contacts")
    String presenceVisibility;

    @Inject
    @ConfigProperty(name = "parley.presence.updates-per-minute", defaultValue = "30")
    int presenceUpdatesPerMinute;

    @Inject
    @ConfigProperty(name = "parley.presence.watch-changes-per-minute", defaultValue = "30")
    int watchChangesPerMinute;

    /** How long a device's presence lease lasts unless its connection's heartbeat (or a REST update) renews it. */
    public Duration presenceLease() {
        return Duration.ofSeconds(Math.max(1, presenceLeaseSeconds));
    }

    /** How many users one device may watch at once. */
    public int watchlistCap() {
        return Math.max(1, watchlistCap);
    }

    /**
     * Whose presence a user may see: {@code contacts} (accepted contacts only, the default) or {@code realm}
     * (every user of the realm). Blocks hide presence in both.
     */
    public PresenceVisibility presenceVisibility() {
        return PresenceVisibility.of(presenceVisibility);
    }

    /** How many presence changes (status, invisible) one device may make in a burst, and per minute after it. */
    public int presenceUpdatesPerMinute() {
        return presenceUpdatesPerMinute;
    }

    /** How many watch, unwatch or presence queries one device may make in a burst, and per minute after it. */
    public int watchChangesPerMinute() {
        return watchChangesPerMinute;
    }

    /** The longest KeyPackage lifetime (not_after - not_before) accepted at upload. */
    public Duration keyPackageMaxLifetime() {
        return Duration.ofDays(Math.max(1, keyPackageMaxLifetimeDays));
    }

    /** How many KeyPackage claims one user may make in a burst, and per minute after it. */
    public int keyPackageClaimsPerMinute() {
        return keyPackageClaimsPerMinute;
    }

    /** Below this many unclaimed one-time KeyPackages, a claim fires {@code KeyPackagesLow}. */
    public int keyPackageLowWater() {
        return keyPackageLowWater;
    }

    /** How often expired KeyPackages are purged. */
    public Duration keyPackagePurgeInterval() {
        return Duration.ofMinutes(Math.max(1, keyPackagePurgeIntervalMinutes));
    }

    /** This deployment's stable id; every node of a cluster shares it. */
    public String gatewayId() {
        return gatewayId;
    }

    /**
     * This node's name, unique in its cluster: WildFly's {@code jboss.node.name} (the host name unless set), which
     * also names the node in JGroups. Per-node state in the database (the revocation cursor) is kept under it.
     */
    public String nodeName() {
        return nodeName;
    }

    /** The realm whose access tokens the gateway accepts, exactly as tokens name it in {@code iss}. */
    public String issuer() {
        return stripTrailingSlash(issuer);
    }

    /**
     * Where the realm's signing keys are fetched. Defaults to the issuer's JWKS endpoint; set it when the
     * gateway reaches Keycloak under another address than the one in the tokens.
     */
    public URI jwksUri() {
        return URI.create(jwksUrl.map(GatewayConfig::stripTrailingSlash)
                .orElse(issuer() + "/protocol/openid-connect/certs"));
    }

    /** The audience ({@code aud}) an access token must carry to be accepted here. */
    public String audience() {
        return audience;
    }

    /** How far token expiry may lag behind this server's clock. */
    public Duration clockSkew() {
        return Duration.ofSeconds(clockSkewSeconds);
    }

    /** How many contact requests one user may send in a burst, and per minute after it. */
    public int contactRequestsPerMinute() {
        return contactRequestsPerMinute;
    }

    /** How many contact requests one user may send per day. */
    public int contactRequestsPerDay() {
        return contactRequestsPerDay;
    }

    /** The confidential client whose service account reads the revocation feed and the directory. */
    public String clientId() {
        return clientId;
    }

    /** Its secret; without one the gateway cannot learn of revocations (and reports itself not ready). */
    public Optional<String> clientSecret() {
        return clientSecret.filter(secret -> !secret.isBlank());
    }

    /** The realm's token endpoint, for the service account's client-credentials grant. */
    public URI tokenUri() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** The Authentication Service's REST API in the realm ({@code /realms/{realm}/parley/}). */
    public URI authenticationServiceUri() {
        return URI.create(issuer() + "/parley/");
    }

    /** How often the revocation feed is read. */
    public Duration revocationPollInterval() {
        return Duration.ofMillis(Math.max(100, revocationPollIntervalMillis));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
