package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.domain.model.keypackage.KeyPackageValidator;
import dev.parley.gateway.domain.model.keypackage.KeyPackagesLow;
import dev.parley.gateway.domain.model.keypackage.StoredKeyPackage;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.keycloak.RealmDirectoryPolicy;
import dev.parley.gateway.infrastructure.persistence.KeyPackageClaimStore;
import dev.parley.gateway.infrastructure.persistence.KeyPackageStore;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KeyPackage directory: devices upload KeyPackages, other devices claim them to add the device to a group.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every stored KeyPackage was validated against its uploading device ({@link KeyPackageValidator});
 *       a batch is stored entirely or not at all.</li>
 *   <li>A one-time KeyPackage is handed out exactly once, also under concurrent claims: only the claim whose
 *       statement changed it from unclaimed to claimed returns it, and a claimed one is never un-claimed (a re-upload of
 *       its bytes is an idempotent no-op while the row exists, i.e. until it expires).</li>
 *   <li>A device has at most one last-resort KeyPackage; it is handed out only when the device has no unclaimed
 *       one-time KeyPackage left, and a claim never consumes it. A one-time KeyPackage never becomes (nor
 *       replaces) the last-resort one.</li>
 *   <li>Every one-time KeyPackage handed out records its claiming user: only a commit of that user may add it, and
 *       the commit consumes it (see {@code ConversationLog}).</li>
 *   <li>Revoked devices are never claimed from, and their KeyPackages are deleted when the revocation arrives.</li>
 * </ul>
 */
@ApplicationScoped
public class KeyPackageManager {

    /** How many KeyPackages one upload may carry. */
    public static final int MAX_BATCH = 100;


    /** The caller device's pool. */
    public record Count(long oneTime, boolean lastResort) {
    }

    /** What a claim hands out for one device. */
    public record Claimed(String deviceId, String keyPackage, String ref, boolean lastResort) {
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    KeyPackageStore store;

    @Inject
    KeyPackageClaimStore claims;

    @Inject
    DeviceDirectory devices;

    @Inject
    ContactManager contacts;

    @Inject
    GatewayConfig config;

    @Inject
    RealmDirectoryPolicy directoryPolicy;

    @Inject
    DirectoryAudience audience;

    @Inject
    Event<KeyPackagesLow> low;

    private RateLimiter claimsPerMinute;
    private RateLimiter uploadsPerMinute;

    @PostConstruct
    void createLimiters() {
        claimsPerMinute = new RateLimiter(new RateLimit("KeyPackage claims", config.keyPackageClaimsPerMinute(), Duration.ofMinutes(1)));
        uploadsPerMinute = new RateLimiter(new RateLimit("KeyPackage uploads", config.keyPackageUploadsPerMinute(),
                Duration.ofMinutes(1)));
    }

    /**
     * The caller's device, registered and not revoked.
     *
     * @throws ParleyException {@code device_id_required}, {@code device_not_found} or {@code device_revoked}
     */
    public DeviceRecord callerDevice(String userId, String deviceId) {
        return devices.requireActive(userId, deviceId);
    }

    /**
     * Validates every KeyPackage, then stores them all (and replaces the device's last-resort KeyPackage when one
     * is given). Nothing is stored when one of them fails. KeyPackages already stored are skipped. Uploads are rate
     * limited per device ({@code parley.key-packages.uploads-per-minute}); a refused upload takes nothing of the rate.
     *
     * @return the refs (base64url) of the one-time KeyPackages, in upload order
     * @throws ParleyException {@code key_package_pool_full} when the device would hold more unclaimed one-time
     *                         KeyPackages than {@code parley.key-packages.max-pool}; {@code rate_limited}
     */
    @Transactional
    public List<String> upload(String userId, String deviceId, List<String> keyPackages, String lastResort) {
        DeviceRecord device = callerDevice(userId, deviceId);
        if (keyPackages.size() > MAX_BATCH) {
            throw new ParleyException(ParleyError.BATCH_TOO_LARGE,
                    keyPackages.size() + " KeyPackages in one upload; send at most " + MAX_BATCH + ".");
        }
        String key = userId + "/" + deviceId;
        uploadsPerMinute.acquire(key);
        try {
            return store(device, keyPackages, lastResort);
        } catch (RuntimeException refused) {
            uploadsPerMinute.refund(key);
            throw refused;
        }
    }

    private List<String> store(DeviceRecord device, List<String> keyPackages, String lastResort) {
        String userId = device.userId();
        String deviceId = device.deviceId();
        Instant now = clock.instant();
        KeyPackageValidator validator = new KeyPackageValidator(config.keyPackageMaxLifetime());
        Map<String, KeyPackageValidator.Valid> oneTime = new LinkedHashMap<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < keyPackages.size(); i++) {
            KeyPackageValidator.Valid valid = validator.validate("key_packages[" + i + "]", keyPackages.get(i), device, now);
            oneTime.putIfAbsent(valid.refHex(), valid);
            refs.add(base64(valid.refHex()));
        }
        KeyPackageValidator.Valid resort = lastResort == null ? null : validator.validate("last_resort", lastResort, device, now);
        if (resort != null && (oneTime.containsKey(resort.refHex())
                || store.find(resort.refHex()).filter(k -> !k.lastResort()).isPresent())) {
            throw new ParleyException(ParleyError.KEY_PACKAGE_INVALID,
                    "last_resort: this KeyPackage is one of the device's one-time KeyPackages; a last-resort KeyPackage must be a distinct one.");
        }
        List<KeyPackageValidator.Valid> fresh = oneTime.values().stream().filter(v -> !store.exists(v.refHex())).toList();
        long pool = store.countAvailable(userId, deviceId, now);
        if (pool + fresh.size() > config.keyPackageMaxPool()) {
            throw new ParleyException(ParleyError.KEY_PACKAGE_POOL_FULL, "The device holds " + pool
                    + " unclaimed KeyPackages; with " + fresh.size() + " more it would exceed this gateway's pool of "
                    + config.keyPackageMaxPool() + ".");
        }
        for (KeyPackageValidator.Valid valid : fresh) {
            store.add(new StoredKeyPackage(valid.refHex(), userId, deviceId, false, valid.message(), valid.notAfter(), now));
        }
        if (resort != null) {
            if (!store.exists(resort.refHex())) {
                store.add(new StoredKeyPackage(resort.refHex(), userId, deviceId, true, resort.message(), resort.notAfter(), now));
            }
            store.deleteLastResortExcept(userId, deviceId, resort.refHex());
        }
        return refs;
    }

    /** The caller device's unclaimed one-time KeyPackages and whether it has a last-resort one. */
    @Transactional
    public Count count(String userId, String deviceId) {
        callerDevice(userId, deviceId);
        Instant now = clock.instant();
        return new Count(store.countAvailable(userId, deviceId, now), store.lastResort(userId, deviceId, now).isPresent());
    }

    /**
     * Claims one KeyPackage per unrevoked device of {@code userId} (only of {@code deviceIds} when given): a
     * one-time one while any is left, else the last-resort one; devices with neither are left out. All devices are
     * claimed from in one transaction ({@link KeyPackageClaimStore}), after the rate limit, the block check and the
     * device list (which may ask Keycloak) were done without holding a connection; a claim that fails rolls back
     * and hands out nothing. A device left below the low-water mark gets {@code KeyPackagesLow} after the commit.
     *
     * @throws ParleyException {@code rate_limited} per claimer, {@code contact_refused} when either user blocked
     *                         the other, {@code directory_hidden} when the realm's {@code contacts} directory policy
     *                         hides the user from the claimer ({@link DirectoryAudience}, the directory's own rule)
     */
    public List<Claimed> claim(String claimer, String userId, List<String> deviceIds) {
        return claim(claimer, null, userId, deviceIds);
    }

    /**
     * As {@link #claim(String, String, List)}, recording the claiming device too when {@code claimerDevice} is given
     * (it must then be a registered, unrevoked device of the claimer). The claiming user is recorded on every
     * one-time KeyPackage handed out: only a commit of that user may add it.
     */
    public List<Claimed> claim(String claimer, String claimerDevice, String userId, List<String> deviceIds) {
        if (claimerDevice != null) {
            devices.requireActive(claimer, claimerDevice);
        }
        claimsPerMinute.acquire(claimer);
        if (!claimer.equals(userId) && contacts.blockedEitherWay(claimer, userId)) {
            throw new ParleyException(ParleyError.CONTACT_REFUSED);
        }
        if (!claimer.equals(userId) && directoryPolicy.contactsOnly() && !audience.mayRead(claimer, userId)) {
            throw new ParleyException(ParleyError.DIRECTORY_HIDDEN,
                    "This realm shows a user's devices, and hands out their KeyPackages, to contacts and conversation partners only.");
        }
        List<String> targets = devices.devicesOf(userId).stream()
                .filter(device -> !device.revoked())
                .map(DeviceRecord::deviceId)
                .filter(deviceId -> deviceIds == null || deviceIds.contains(deviceId))
                .sorted()
                .toList();
        if (targets.isEmpty()) {
            return List.of();
        }
        int lowWater = config.keyPackageLowWater();
        List<Claimed> claimed = new ArrayList<>(targets.size());
        for (KeyPackageClaimStore.Claim claim : claims.claimOnePerDevice(claimer, claimerDevice, userId, targets, clock.instant(),
                lowWater)) {
            if (!claim.lastResort() && claim.remaining() < lowWater) {
                low.fire(new KeyPackagesLow(userId, claim.deviceId(), claim.remaining()));
            }
            claimed.add(new Claimed(claim.deviceId(), claim.message(), base64(claim.ref()), claim.lastResort()));
        }
        return claimed;
    }

    /** Deletes every KeyPackage of a revoked device. Idempotent. */
    @Transactional
    public int deleteDevice(String userId, String deviceId) {
        return store.deleteDevice(userId, deviceId);
    }

    /** Deletes every expired KeyPackage, claimed or not. */
    @Transactional
    public int purgeExpired() {
        return store.deleteExpired(clock.instant());
    }

    private static String base64(String hex) {
        return Base64Url.encode(Bytes.fromHex(hex));
    }
}
