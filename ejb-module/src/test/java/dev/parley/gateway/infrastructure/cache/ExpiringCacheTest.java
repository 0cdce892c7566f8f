package dev.parley.gateway.infrastructure.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anEntryIsReturnedUntilItsEnd() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(10, clock);
        cache.put("k", "v", now.plusSeconds(300));

        assertThat(cache.get("k")).contains("v");
        assertThat(cache.get("other")).isEmpty();
        now = now.plusSeconds(299);
        assertThat(cache.get("k")).contains("v");
        now = now.plusSeconds(1);
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anEntryThatHasEndedIsNotStored() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(10, clock);
        cache.put("k", "v", now);

        assertThat(cache.size()).isZero();
    }

    @Test
    void aFullCacheDropsEndedEntriesFirstAndNeverGrowsBeyondItsCapacity() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(3, clock);
        cache.put("short-1", "a", now.plusSeconds(10));
        cache.put("short-2", "b", now.plusSeconds(10));
        cache.put("long", "c", now.plusSeconds(600));
        now = now.plusSeconds(60);

        cache.put("new", "d", now.plusSeconds(600));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("long")).contains("c");
        assertThat(cache.get("new")).contains("d");

        cache.put("more-1", "e", now.plusSeconds(600));
        cache.put("more-2", "f", now.plusSeconds(600));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("more-2")).contains("f");
    }

    @Test
    void replacingAnEntryOfAFullCacheEvictsNothing() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(2, clock);
        cache.put("a", "1", now.plusSeconds(60));
        cache.put("b", "2", now.plusSeconds(60));

        cache.put("a", "3", now.plusSeconds(60));

        assertThat(cache.get("a")).contains("3");
        assertThat(cache.get("b")).contains("2");
    }
}
