package dev.parley.gateway.infrastructure.presence;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.presence.WatchlistStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link WatchlistStore} in this node's memory: each device's watchlist and, for pushes, the reverse index
 * from a watched user to the devices watching them. Changes of one device's list are serialised on that
 * list, so the cap holds under concurrent watch frames.
 */
@ApplicationScoped
public class InMemoryWatchlistStore implements WatchlistStore {

    private final Map<DeviceAddress, Set<String>> watchlists = new ConcurrentHashMap<>();
    private final Map<String, Set<DeviceAddress>> watchers = new ConcurrentHashMap<>();

    @Override
    public int watch(DeviceAddress device, Collection<String> userIds, int cap) {
        int[] size = {0};
        watchlists.compute(device, (d, current) -> {
            Set<String> list = current == null ? new HashSet<>() : current;
            Set<String> added = new HashSet<>(userIds);
            added.removeAll(list);
            if (list.size() + added.size() > cap) {
                size[0] = -1;
                return current;
            }
            list.addAll(added);
            added.forEach(userId -> watchers.compute(userId, (u, devices) -> {
                Set<DeviceAddress> set = devices == null ? ConcurrentHashMap.newKeySet() : devices;
                set.add(device);
                return set;
            }));
            size[0] = list.size();
            return list.isEmpty() ? null : list;
        });
        return size[0];
    }

    @Override
    public int unwatch(DeviceAddress device, Collection<String> userIds) {
        int[] size = {0};
        watchlists.computeIfPresent(device, (d, list) -> {
            for (String userId : userIds) {
                if (list.remove(userId)) {
                    dropWatcher(userId, device);
                }
            }
            size[0] = list.size();
            return list.isEmpty() ? null : list;
        });
        return size[0];
    }

    @Override
    public void forget(DeviceAddress device) {
        watchlists.computeIfPresent(device, (d, list) -> {
            list.forEach(userId -> dropWatcher(userId, device));
            return null;
        });
    }

    @Override
    public Set<String> watchedBy(DeviceAddress device) {
        AtomicReference<Set<String>> copy = new AtomicReference<>(Set.of());
        watchlists.computeIfPresent(device, (d, list) -> {
            copy.set(Set.copyOf(list));
            return list;
        });
        return copy.get();
    }

    @Override
    public Set<DeviceAddress> watchersOf(String userId) {
        Set<DeviceAddress> devices = watchers.get(userId);
        return devices == null ? Set.of() : Set.copyOf(devices);
    }

    private void dropWatcher(String userId, DeviceAddress device) {
        watchers.computeIfPresent(userId, (u, devices) -> {
            devices.remove(device);
            return devices.isEmpty() ? null : devices;
        });
    }
}
