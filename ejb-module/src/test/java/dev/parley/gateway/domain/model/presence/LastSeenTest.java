package dev.parley.gateway.domain.model.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LastSeenTest {

    private static final long SEEN = 1_000_000_000_000L;

    @Test
    void bucketsIncludeTheirUpperBound() {
        assertThat(LastSeen.ago(Duration.ZERO)).isEqualTo(LastSeen.HOUR);
        assertThat(LastSeen.ago(Duration.ofHours(1))).isEqualTo(LastSeen.HOUR);
        assertThat(LastSeen.ago(Duration.ofHours(1).plusMillis(1))).isEqualTo(LastSeen.TODAY);
        assertThat(LastSeen.ago(Duration.ofDays(1))).isEqualTo(LastSeen.TODAY);
        assertThat(LastSeen.ago(Duration.ofDays(1).plusMillis(1))).isEqualTo(LastSeen.WEEK);
        assertThat(LastSeen.ago(Duration.ofDays(7))).isEqualTo(LastSeen.WEEK);
        assertThat(LastSeen.ago(Duration.ofDays(7).plusMillis(1))).isEqualTo(LastSeen.OLDER);
    }

    @Test
    void theNextChangeIsTheFirstMomentOfTheNextBucket() {
        long hourEnds = SEEN + Duration.ofHours(1).toMillis() + 1;
        assertThat(LastSeen.nextChangeAfter(SEEN, SEEN)).hasValue(hourEnds);
        assertThat(LastSeen.ago(Duration.ofMillis(hourEnds - SEEN))).isEqualTo(LastSeen.TODAY);
        assertThat(LastSeen.nextChangeAfter(SEEN, hourEnds)).hasValue(SEEN + Duration.ofDays(1).toMillis() + 1);
        assertThat(LastSeen.nextChangeAfter(SEEN, SEEN + Duration.ofDays(2).toMillis())).hasValue(SEEN + Duration.ofDays(7).toMillis() + 1);
        assertThat(LastSeen.nextChangeAfter(SEEN, SEEN + Duration.ofDays(7).toMillis() + 1)).as("older never changes").isEmpty();
    }
}
