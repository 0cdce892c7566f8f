package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.application.BatchSequencer.Submission;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.Participant;
import dev.parley.gateway.domain.model.conversation.Role;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.gateway.infrastructure.persistence.LogBatchStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.StaleEpochException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link BatchSequencer}'s decisions, with the database replaced by what its statements would return. */
class BatchSequencerTest {

    private static final String ROOM = "room";
    private static final String OTHER = "other";

    /** Two conversations: ROOM (epoch 5, 10 entries, alice/laptop and bob/phone members), OTHER (epoch 0, empty). */
    private static final class Database extends LogBatchStore {
        final List<SequencedEntry> appended = new ArrayList<>();
        final List<Existing> existing = new ArrayList<>();
        Map<String, Long> advancedTo;

        @Override
        public Map<String, Head> lockHeads(Collection<String> ids) {
            return Map.of(ROOM, new Head(ROOM, "aa", 5, 10), OTHER, new Head(OTHER, "bb", 0, 0));
        }

        @Override
        public List<ActiveMember> activeMembers(Collection<ActiveMember> candidates) {
            return List.of(new ActiveMember(ROOM, "alice", "laptop"), new ActiveMember(ROOM, "bob", "phone"),
                    new ActiveMember(OTHER, "alice", "laptop"));
        }

        @Override
        public List<Existing> existing(Collection<MsgKey> keys) {
            return existing;
        }

        @Override
        public void append(List<SequencedEntry> entries, Map<String, Head> before, Map<String, Long> after, Instant now) {
            appended.addAll(entries);
            advancedTo = after;
        }
    }

    /** carol took part in ROOM once (her device was removed); dave never did. */
    private static final class Conversations extends ConversationStore {
        @Override
        public Optional<Participant> participant(String conversationId, String userId) {
            return userId.equals("carol") ? Optional.of(new Participant(conversationId, userId, Role.MEMBER, Instant.EPOCH))
                    : Optional.empty();
        }

        @Override
        public boolean everMember(String conversationId, String userId) {
            return false;
        }
    }

    private final Database database = new Database();
    private final BatchSequencer sequencer = new BatchSequencer();

    BatchSequencerTest() {
        sequencer.batches = database;
        sequencer.conversations = new Conversations();
    }

    private static Submission message(String user, String device, String conversation, String msgId, String group,
            long epoch) {
        return new Submission(user, device, conversation, msgId, new byte[] {1, 2, 3}, group, epoch);
    }

    @Test
    void acceptedMessagesTakeTheNextSeqsInSubmissionOrderPerConversation() {
        BatchSequencer.Result result = sequencer.sequence(List.of(
                message("alice", "laptop", ROOM, "a1", "aa", 5),
                message("bob", "phone", ROOM, "b1", "aa", 4),
                message("alice", "laptop", OTHER, "a1", "bb", 0),
                message("alice", "laptop", ROOM, "a2", "aa", 3)));

        assertThat(result.outcomes()).extracting(o -> ((ConversationLog.Appended) o).seq()).containsExactly(11L, 12L, 1L, 13L);
        assertThat(database.appended).extracting(SequencedEntry::seq).containsExactly(11L, 12L, 1L, 13L);
        assertThat(database.advancedTo).isEqualTo(Map.of(ROOM, 13L, OTHER, 1L));
        assertThat(result.appended().get(ROOM)).extracting(SequencedEntry::msgId).containsExactly("a1", "b1", "a2");
    }

    @Test
    void aRefusedMessageTakesNoSeqAndDoesNotStopItsNeighbours() {
        BatchSequencer.Result result = sequencer.sequence(List.of(
                message("alice", "laptop", ROOM, "ok-1", "aa", 5),
                message("alice", "laptop", ROOM, "stale", "aa", 2),
                message("alice", "laptop", ROOM, "future", "aa", 6),
                message("alice", "laptop", ROOM, "wrong-group", "bb", 5),
                message("carol", "tablet", ROOM, "removed", "aa", 5),
                message("dave", "phone", ROOM, "stranger", "aa", 5),
                message("alice", "laptop", "gone", "unknown", "aa", 5),
                message("alice", "laptop", ROOM, "ok-2", "aa", 5)));

        List<Object> outcomes = result.outcomes();
        assertThat(((ConversationLog.Appended) outcomes.get(0)).seq()).isEqualTo(11);
        assertThat(outcomes.get(1)).isInstanceOf(StaleEpochException.class);
        assertThat(outcomes.get(2)).isInstanceOf(StaleEpochException.class);
        assertThat(((ParleyException) outcomes.get(3)).error()).isEqualTo(ParleyError.UNKNOWN_GROUP);
        assertThat(((ParleyException) outcomes.get(4)).error()).isEqualTo(ParleyError.NOT_MEMBER);
        assertThat(((ParleyException) outcomes.get(5)).error()).isEqualTo(ParleyError.CONVERSATION_NOT_FOUND);
        assertThat(((ParleyException) outcomes.get(6)).error()).isEqualTo(ParleyError.CONVERSATION_NOT_FOUND);
        assertThat(((ConversationLog.Appended) outcomes.get(7)).seq()).as("no seq was consumed by a refusal").isEqualTo(12);
        assertThat(database.appended).extracting(SequencedEntry::msgId).containsExactly("ok-1", "ok-2");
    }

    @Test
    void aResubmittedMsgIdAnswersTheOriginalSeqWhetherStoredBeforeOrEarlierInTheBatch() {
        database.existing.add(new LogBatchStore.Existing(ROOM, "old", 7, EntryKind.APPLICATION, "alice", "laptop"));
        database.existing.add(new LogBatchStore.Existing(ROOM, "commit-1", 8, EntryKind.COMMIT, "alice", "laptop"));
        BatchSequencer.Result result = sequencer.sequence(List.of(
                message("alice", "laptop", ROOM, "old", "aa", 5),
                message("alice", "laptop", ROOM, "new", "aa", 5),
                message("alice", "laptop", ROOM, "new", "aa", 5),
                message("bob", "phone", ROOM, "new", "aa", 5),
                message("alice", "laptop", ROOM, "commit-1", "aa", 5)));

        List<Object> outcomes = result.outcomes();
        assertThat(outcomes.get(0)).isEqualTo(new ConversationLog.Appended(7, 5, true));
        assertThat(outcomes.get(1)).isEqualTo(new ConversationLog.Appended(11, 5, false));
        assertThat(outcomes.get(2)).isEqualTo(new ConversationLog.Appended(11, 5, true));
        assertThat(((ParleyException) outcomes.get(3)).error()).as("another device's msg_id").isEqualTo(ParleyError.CONFLICT);
        assertThat(((ParleyException) outcomes.get(4)).error()).as("a commit's msg_id").isEqualTo(ParleyError.CONFLICT);
        assertThat(database.appended).extracting(SequencedEntry::seq).containsExactly(11L);
    }

    @Test
    void aBatchOfRefusalsWritesNothing() {
        sequencer.sequence(List.of(message("dave", "phone", ROOM, "x", "aa", 5)));
        assertThat(database.appended).isEmpty();
        assertThat(database.advancedTo).isNull();
    }
}
