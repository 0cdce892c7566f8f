package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.LeafNodeSource;
import java.util.List;

/** An {@code UpdatePath} (RFC 9420 §7.6). Invariant: the leaf node's source is {@code commit}. */
public record UpdatePath(LeafNode leafNode, List<UpdatePathNode> nodes) {

    public UpdatePath {
        nodes = List.copyOf(nodes);
    }

    public static UpdatePath read(TlsReader reader) {
        LeafNode leafNode = LeafNode.readWithSource(reader, LeafNodeSource.COMMIT, "UpdatePath.leaf_node");
        List<UpdatePathNode> nodes = reader.readVector("UpdatePath.nodes", UpdatePathNode::read);
        return new UpdatePath(leafNode, nodes);
    }
}
