package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.MlsVersion;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extensions;

/**
 * A {@code GroupContext} (RFC 9420 §8.1) as received. Invariants: {@code version} is mls10; {@code epoch} is an
 * unsigned 64-bit value; {@code raw} is the exact received encoding, usable as the group context input of
 * FramedContentTBS.
 */
public record GroupContext(
        int version,
        CipherSuite cipherSuite,
        Bytes groupId,
        long epoch,
        Bytes treeHash,
        Bytes confirmedTranscriptHash,
        Extensions extensions,
        Bytes raw) {

    public static GroupContext read(TlsReader reader) {
        int start = reader.position();
        int version = MlsVersion.readMls10(reader, "GroupContext.version");
        CipherSuite cipherSuite = CipherSuite.read(reader, "GroupContext.cipher_suite");
        Bytes groupId = reader.readOpaque("GroupContext.group_id");
        long epoch = reader.readU64("GroupContext.epoch");
        Bytes treeHash = reader.readOpaque("GroupContext.tree_hash");
        Bytes confirmedTranscriptHash = reader.readOpaque("GroupContext.confirmed_transcript_hash");
        Extensions extensions = Extensions.read(reader, "GroupContext.extensions");
        return new GroupContext(version, cipherSuite, groupId, epoch, treeHash, confirmedTranscriptHash, extensions,
                reader.bytesFrom(start));
    }
}
