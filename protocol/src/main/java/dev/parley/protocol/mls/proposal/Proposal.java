package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extensions;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.LeafNodeSource;

/** A {@code Proposal} (RFC 9420 §12.1) of one of the seven registered types. */
public sealed interface Proposal {

    ProposalType type();

    static Proposal read(TlsReader reader) {
        ProposalType type = reader.readU16Enum(ProposalType.class, "Proposal.proposal_type");
        return switch (type) {
            case ADD -> new Add(KeyPackage.read(reader));
            case UPDATE -> new Update(LeafNode.readWithSource(reader, LeafNodeSource.UPDATE, "Update.leaf_node"));
            case REMOVE -> new Remove(reader.readU32("Remove.removed"));
            case PSK -> new PreSharedKey(PreSharedKeyId.read(reader));
            case REINIT -> ReInit.read(reader);
            case EXTERNAL_INIT -> new ExternalInit(reader.readOpaque("ExternalInit.kem_output"));
            case GROUP_CONTEXT_EXTENSIONS -> new GroupContextExtensions(
                    Extensions.read(reader, "GroupContextExtensions.extensions"));
        };
    }

    /** Adds the holder of {@code keyPackage} to the group. */
    record Add(KeyPackage keyPackage) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.ADD;
        }
    }

    /** Replaces the sender's own leaf. */
    record Update(LeafNode leafNode) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.UPDATE;
        }
    }

    /** Removes the member at leaf index {@code removed} ({@code uint32}). */
    record Remove(long removed) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.REMOVE;
        }
    }

    /** Injects a pre-shared key into the next epoch. */
    record PreSharedKey(PreSharedKeyId psk) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.PSK;
        }
    }

    /** Ends the group in favour of a new one; {@code version} is carried as received, any value. */
    record ReInit(Bytes groupId, int version, CipherSuite cipherSuite, Extensions extensions) implements Proposal {

        public static ReInit read(TlsReader reader) {
            Bytes groupId = reader.readOpaque("ReInit.group_id");
            int version = reader.readU16("ReInit.version");
            CipherSuite cipherSuite = CipherSuite.read(reader, "ReInit.cipher_suite");
            Extensions extensions = Extensions.read(reader, "ReInit.extensions");
            return new ReInit(groupId, version, cipherSuite, extensions);
        }

        @Override
        public ProposalType type() {
            return ProposalType.REINIT;
        }
    }

    /** The KEM output of an external joiner's commit. */
    record ExternalInit(Bytes kemOutput) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.EXTERNAL_INIT;
        }
    }

    /** Replaces the group context's extensions. */
    record GroupContextExtensions(Extensions extensions) implements Proposal {
        @Override
        public ProposalType type() {
            return ProposalType.GROUP_CONTEXT_EXTENSIONS;
        }
    }
}
