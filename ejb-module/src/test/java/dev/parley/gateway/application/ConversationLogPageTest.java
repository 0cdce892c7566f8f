package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A page of {@code GET …/log} is cut by bytes as well as by count. */
class ConversationLogPageTest {

    private static List<SequencedEntry> entries(int count, int bytesEach) {
        return LongStream.rangeClosed(1, count).mapToObj(seq -> new SequencedEntry("c1", seq, EntryKind.APPLICATION, "m" + seq, 1,
                "u1", "d1", null, null, new byte[bytesEach])).toList();
    }

    @Test
    void aPageStopsBeforeTheEntryThatWouldExceedTheByteBudget() {
        // 500 entries of 256 KiB would be 125 MiB; 4 MiB hold 16 of them.
        assertThat(ConversationLog.withinBytes(entries(500, 256 * 1024), 500, 4 * 1024 * 1024)).isEqualTo(16);
    }

    @Test
    void smallEntriesAreCutByCountOnly() {
        assertThat(ConversationLog.withinBytes(entries(501, 100), 500, 4 * 1024 * 1024)).isEqualTo(500);
    }

    @Test
    void anEntryLargerThanTheBudgetStillMakesAPage() {
        assertThat(ConversationLog.withinBytes(entries(3, 1000), 3, 10)).isEqualTo(1);
    }
}
