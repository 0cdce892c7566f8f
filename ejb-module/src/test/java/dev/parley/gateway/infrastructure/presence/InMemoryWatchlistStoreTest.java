package dev.parley.gateway.infrastructure.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryWatchlistStoreTest {

    private final InMemoryWatchlistStore store = new InMemoryWatchlistStore();
    private final DeviceAddress phone = new DeviceAddress("bob", "phone");

    @Test
    void watchingIsIndexedBothWaysAndForgottenWithTheDevice() {
        assertThat(store.watch(phone, List.of("alice", "carol"), 10)).isEqualTo(2);

        assertThat(store.watchersOf("alice")).containsExactly(phone);
        assertThat(store.watchedBy(phone)).containsExactlyInAnyOrder("alice", "carol");
        assertThat(store.unwatch(phone, List.of("carol", "nobody"))).isEqualTo(1);
        assertThat(store.watchersOf("carol")).isEmpty();

        store.forget(phone);
        assertThat(store.watchersOf("alice")).isEmpty();
        assertThat(store.watchedBy(phone)).isEmpty();
    }

    @Test
    void pastTheCapNothingIsAdded() {
        store.watch(phone, List.of("a", "b"), 3);

        assertThat(store.watch(phone, List.of("c", "d"), 3)).isEqualTo(-1);
        assertThat(store.watchedBy(phone)).containsExactlyInAnyOrder("a", "b");
        assertThat(store.watch(phone, List.of("a", "b", "c"), 3)).as("watching again adds nothing").isEqualTo(3);
    }

    @Test
    void theCapHoldsUnderConcurrentWatches() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        for (int i = 0; i < 400; i++) {
            String user = "user" + i;
            threads.execute(() -> {
                if (store.watch(phone, Set.of(user), 200) > 0) {
                    accepted.incrementAndGet();
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(accepted.get()).isEqualTo(200);
        assertThat(store.watchedBy(phone)).hasSize(200);
    }
}
