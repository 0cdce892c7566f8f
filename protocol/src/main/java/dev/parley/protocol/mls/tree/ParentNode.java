package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.util.List;

/** A {@code ParentNode} (RFC 9420 §7.1); unmerged leaves are {@code uint32} leaf indexes. */
public record ParentNode(Bytes encryptionKey, Bytes parentHash, List<Long> unmergedLeaves) implements TreeNode {

    public ParentNode {
        unmergedLeaves = List.copyOf(unmergedLeaves);
    }

    public static ParentNode read(TlsReader reader) {
        Bytes encryptionKey = reader.readOpaque("ParentNode.encryption_key");
        Bytes parentHash = reader.readOpaque("ParentNode.parent_hash");
        List<Long> unmergedLeaves = reader.readVector("ParentNode.unmerged_leaves",
                element -> element.readU32("ParentNode.unmerged_leaves"));
        return new ParentNode(encryptionKey, parentHash, unmergedLeaves);
    }

    /** The node's encoding, as in the {@code ratchet_tree} extension and the tree hash input. */
    public TlsWriter write(TlsWriter writer) {
        return writer.writeOpaque(encryptionKey).writeOpaque(parentHash)
                .writeVector(leaves -> unmergedLeaves.forEach(leaves::writeU32));
    }
}
