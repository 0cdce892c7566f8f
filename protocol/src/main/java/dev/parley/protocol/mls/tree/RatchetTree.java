package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ratchet_tree} extension's content (RFC 9420 §12.4.3.3): {@code optional<Node> ratchet_tree<V>}, nodes
 * in array order, an empty optional for a blank node. Only the encoding is checked, not the tree's invariants
 * (parent hashes, tree shape).
 */
public record RatchetTree(List<Optional<TreeNode>> nodes) {

    public RatchetTree {
        nodes = List.copyOf(nodes);
    }

    public static RatchetTree read(TlsReader reader) {
        return new RatchetTree(reader.readVector("ratchet_tree",
                element -> element.readOptional("ratchet_tree node", RatchetTree::readNode)));
    }

    private static TreeNode readNode(TlsReader reader) {
        NodeType type = reader.readU8Enum(NodeType.class, "Node.node_type");
        return switch (type) {
            case LEAF -> LeafNode.read(reader);
            case PARENT -> ParentNode.read(reader);
        };
    }
}
