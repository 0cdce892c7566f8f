package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.infrastructure.persistence.ConversationStore.MembershipEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention never deletes a commit or Welcome that a current member device still needs: the deleted prefix stops
 * before the first one a device's cursor has not passed.
 */
class RetentionStillNeededTest {

    private static MembershipEntry commit(long seq, String sender) {
        String[] device = sender.split("/");
        return new MembershipEntry(seq, EntryKind.COMMIT, device[0], device[1], null, null);
    }

    private static MembershipEntry welcome(long seq, String sender, String target) {
        String[] from = sender.split("/");
        String[] to = target.split("/");
        return new MembershipEntry(seq, EntryKind.WELCOME, from[0], from[1], to[0], to[1]);
    }

    @Test
    void aCommitIsNeededByEveryMemberDeviceBehindItButItsSender() {
        List<MembershipEntry> entries = List.of(commit(5, "alice/laptop"));

        assertThat(MailboxManager.firstStillNeeded(entries, 20, Map.of("alice/laptop", 2L, "bob/phone", 4L)))
                .as("bob's cursor is before the commit").isEqualTo(5);
        assertThat(MailboxManager.firstStillNeeded(entries, 20, Map.of("alice/laptop", 2L, "bob/phone", 5L)))
                .as("its sender applied it when it was accepted; bob read it").isEqualTo(21);
    }

    @Test
    void aWelcomeIsNeededByItsTargetOnlyUntilItsCursorPassesIt() {
        List<MembershipEntry> entries = List.of(commit(7, "alice/laptop"), welcome(8, "alice/laptop", "carol/tablet"),
                welcome(9, "alice/laptop", "dave/phone"));
        // carol and dave joined at the commit (cursor 7); the other devices read past it
        Map<String, Long> cursors = Map.of("alice/laptop", 7L, "carol/tablet", 8L, "dave/phone", 7L);

        assertThat(MailboxManager.firstStillNeeded(entries, 30, cursors)).as("dave has not read his Welcome").isEqualTo(9);
        assertThat(MailboxManager.firstStillNeeded(entries.subList(0, 2), 30, cursors)).isEqualTo(31);
    }

    @Test
    void entriesOfDevicesNoLongerMembersAreNotNeeded() {
        List<MembershipEntry> entries = List.of(welcome(3, "alice/laptop", "eve/old"), commit(4, "bob/phone"));

        assertThat(MailboxManager.firstStillNeeded(entries, 10, Map.of("alice/laptop", 4L, "bob/phone", 1L))).isEqualTo(11);
    }
}
