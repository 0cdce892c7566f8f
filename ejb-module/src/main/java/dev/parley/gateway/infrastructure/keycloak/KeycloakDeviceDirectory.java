package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link DeviceDirectory} backed by the Authentication Service's directory, cached per user. A user's
 * entry is dropped when the revocation feed names one of their devices ({@link #invalidate}); devices
 * registered later are picked up because a device unknown to the cache triggers a fresh look-up.
 *
 * <p>Invariant: a look-up that started before an invalidation never puts its (possibly stale) answer into
 * the cache.
 */
@ApplicationScoped
public class KeycloakDeviceDirectory implements DeviceDirectory {

    private final Map<String, List<DeviceRecord>> cache = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();

    @Inject
    AuthenticationServiceClient authenticationService;

    @Override
    public Optional<DeviceRecord> find(String userId, String deviceId) {
        Optional<DeviceRecord> cached = lookUp(devicesOfCached(userId), deviceId);
        if (cached.isPresent()) {
            return cached;
        }
        return lookUp(fetch(userId), deviceId);
    }

    @Override
    public List<DeviceRecord> devicesOf(String userId) {
        return devicesOfCached(userId);
    }

    /** Forgets what is cached about the user: the next look-up asks the Authentication Service. */
    public void invalidate(String userId) {
        invalidations.incrementAndGet();
        cache.remove(userId);
    }

    private List<DeviceRecord> devicesOfCached(String userId) {
        List<DeviceRecord> cached = cache.get(userId);
        return cached != null ? cached : fetch(userId);
    }

    private List<DeviceRecord> fetch(String userId) {
        long before = invalidations.get();
        List<DeviceRecord> devices = authenticationService.devicesOf(userId);
        if (invalidations.get() == before) {
            cache.put(userId, devices);
        }
        return devices;
    }

    private static Optional<DeviceRecord> lookUp(List<DeviceRecord> devices, String deviceId) {
        return devices.stream().filter(device -> device.deviceId().equals(deviceId)).findFirst();
    }
}
