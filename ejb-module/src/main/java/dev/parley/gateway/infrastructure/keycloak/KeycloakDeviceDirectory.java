package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.error.RateLimitedException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@link DeviceDirectory} backed by the Authentication Service's directory, cached per user. A user's
 * entry is dropped when the revocation feed names one of their devices ({@link #invalidate}); devices
 * registered later are picked up because a device unknown to the cache triggers a fresh look-up.
 *
 * <p>Invariants: a look-up that started before an invalidation never puts its (possibly stale) answer into
 * the cache. The cache holds at most {@code parley.directory.cache-max-users} users (least recently used go first);
 * an entry lives {@code parley.directory.cache-seconds}, one without devices (an unknown user) only
 * {@link #NEGATIVE_TIME_TO_LIVE}. Look-ups that the cache cannot answer (unknown users and devices) are limited to
 * {@code parley.directory.lookups-per-minute} for the node; beyond it they are {@code rate_limited}, so requests naming
 * made-up ids cannot turn into a stream of calls to Keycloak.
 */
@ApplicationScoped
public class KeycloakDeviceDirectory implements DeviceDirectory {

    static final Duration NEGATIVE_TIME_TO_LIVE = Duration.ofSeconds(30);
    private static final String NODE = "node";

    private record Cached(List<DeviceRecord> devices, long expiresAtNanos) {
    }

    /** Guarded by itself; in access order, so the eldest entry is the least recently used. */
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong invalidations = new AtomicLong();
    LongSupplier nanoClock = System::nanoTime;
    int maxUsers = 10_000;
    Duration timeToLive = Duration.ofMinutes(5);
    RateLimiter lookUps = new RateLimiter(new RateLimit("directory look-ups", 600, Duration.ofMinutes(1)));

    @Inject
    AuthenticationServiceClient authenticationService;

    @Inject
    GatewayConfig config;

    @PostConstruct
    void configure() {
        maxUsers = config.directoryCacheMaxUsers();
        timeToLive = config.directoryCacheTime();
        lookUps = new RateLimiter(new RateLimit("directory look-ups", config.directoryLookUpsPerMinute(), Duration.ofMinutes(1)));
    }

    @Override
    public Optional<DeviceRecord> find(String userId, String deviceId) {
        List<DeviceRecord> cached = fresh(userId);
        Optional<DeviceRecord> found = cached == null ? Optional.empty() : lookUp(cached, deviceId);
        return found.isPresent() ? found : lookUp(fetch(userId), deviceId);
    }

    @Override
    public List<DeviceRecord> devicesOf(String userId) {
        return devicesOfCached(userId);
    }

    /** Forgets what is cached about the user: the next look-up asks the Authentication Service. */
    public void invalidate(String userId) {
        invalidations.incrementAndGet();
        synchronized (cache) {
            cache.remove(userId);
        }
    }

    /** Users cached now. */
    int cachedUsers() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private List<DeviceRecord> devicesOfCached(String userId) {
        List<DeviceRecord> cached = fresh(userId);
        return cached != null ? cached : fetch(userId);
    }

    /** The user's cached devices, or {@code null} when none are cached or they expired. */
    private List<DeviceRecord> fresh(String userId) {
        Cached cached;
        synchronized (cache) {
            cached = cache.get(userId);
        }
        return cached != null && cached.expiresAtNanos() - nanoClock.getAsLong() > 0 ? cached.devices() : null;
    }

    /** @throws RateLimitedException when the node made too many look-ups recently */
    private List<DeviceRecord> fetch(String userId) {
        lookUps.acquire(NODE);
        long before = invalidations.get();
        List<DeviceRecord> devices = authenticationService.devicesOf(userId);
        Duration lifetime = devices.isEmpty() ? NEGATIVE_TIME_TO_LIVE : timeToLive;
        synchronized (cache) {
            if (invalidations.get() == before) {
                cache.put(userId, new Cached(devices, nanoClock.getAsLong() + lifetime.toNanos()));
                while (cache.size() > maxUsers) {
                    Map.Entry<String, Cached> eldest = cache.entrySet().iterator().next();
                    cache.remove(eldest.getKey());
                }
            }
        }
        return devices;
    }

    private static Optional<DeviceRecord> lookUp(List<DeviceRecord> devices, String deviceId) {
        return devices.stream().filter(device -> device.deviceId().equals(deviceId)).findFirst();
    }
}
