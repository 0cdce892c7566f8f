package dev.parley.gateway.domain.model.presence;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.Collection;
import java.util.Set;

/**
 * Which devices watch which users, in memory. A device's watchlist lives as long as its live connection.
 *
 * <p>Invariant: a device never watches more than the cap passed to {@link #watch}; a refused watch changes
 * nothing.
 */
public interface WatchlistStore {

    /**
     * Adds {@code userIds} to the device's watchlist unless it would then hold more than {@code cap} users;
     * returns the size after, or -1 when refused (nothing was added).
     */
    int watch(DeviceAddress device, Collection<String> userIds, int cap);

    /** Removes {@code userIds} from the device's watchlist; returns the size after. */
    int unwatch(DeviceAddress device, Collection<String> userIds);

    /** Drops the device's whole watchlist (it disconnected or was revoked). */
    void forget(DeviceAddress device);

    /** The users the device watches. */
    Set<String> watchedBy(DeviceAddress device);

    /** The devices watching {@code userId}. */
    Set<DeviceAddress> watchersOf(String userId);
}
