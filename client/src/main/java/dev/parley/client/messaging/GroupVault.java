package dev.parley.client.messaging;

import dev.parley.client.device.DeviceKeys;
import dev.parley.client.mls.GroupStateCodec;
import dev.parley.client.mls.MlsGroup;
import dev.parley.client.mls.MlsStateException;
import dev.parley.client.state.Sealing;
import dev.parley.client.store.ConversationStore;
import dev.parley.client.store.StoredGroup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.mls.protocol.Group;

/**
 * The MLS groups of this device's conversations in the local store, sealed with the store key (AES-256-GCM, the
 * conversation and the field as associated data, so a state cannot be moved to another conversation or slot).
 */
final class GroupVault {

    /** A group with this device's commit the gateway has not accepted yet, if any. */
    record Held(MlsGroup group, String pendingMsgId, Group pendingSuccessor, byte[] pendingCommit) {
        boolean pending(String msgId) {
            return pendingMsgId != null && pendingMsgId.equals(msgId);
        }
    }

    private final ConversationStore store;
    private final DeviceKeys keys;

    GroupVault(ConversationStore store, DeviceKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    Optional<Held> load(String convId) {
        return store.group(convId).map(stored -> new Held(
                MlsGroup.restore(open(stored.currentState(), convId, "current"),
                        stored.previousState() == null ? null : open(stored.previousState(), convId, "previous")),
                stored.pendingMsgId(),
                stored.pendingSuccessor() == null ? null
                        : GroupStateCodec.decode(open(stored.pendingSuccessor(), convId, "pending")),
                stored.pendingCommit()));
    }

    /** Saves a group without a pending commit. */
    void save(String convId, MlsGroup group, Instant now) {
        save(convId, group, null, null, null, now);
    }

    void save(String convId, MlsGroup group, String pendingMsgId, Group pendingSuccessor, byte[] pendingCommit, Instant now) {
        byte[] previous = group.encodePrevious();
        store.saveGroup(new StoredGroup(convId, group.epoch(), seal(group.encodeCurrent(), convId, "current"),
                previous == null ? null : seal(previous, convId, "previous"), pendingMsgId,
                pendingSuccessor == null ? null : seal(GroupStateCodec.encode(pendingSuccessor), convId, "pending"),
                pendingCommit), now);
    }

    /** Seals a message body of this conversation. */
    byte[] sealBody(String convId, byte[] body) {
        return seal(body, convId, "body");
    }

    byte[] openBody(String convId, byte[] sealed) {
        return open(sealed, convId, "body");
    }

    private byte[] seal(byte[] plain, String convId, String slot) {
        return Sealing.seal(keys.storeKey().toByteArray(), plain, aad(convId, slot));
    }

    private byte[] open(byte[] sealed, String convId, String slot) {
        try {
            return Sealing.open(keys.storeKey().toByteArray(), sealed, aad(convId, slot));
        } catch (Sealing.OpenFailedException e) {
            throw new MlsStateException("the stored " + slot + " of conversation " + convId + " does not open with this "
                    + "device's store key", e);
        }
    }

    private static byte[] aad(String convId, String slot) {
        return ("parley-conversation:" + convId + ":" + slot).getBytes(StandardCharsets.UTF_8);
    }
}
