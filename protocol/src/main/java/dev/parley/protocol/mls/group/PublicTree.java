package dev.parley.protocol.mls.group;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.proposal.UpdatePath;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.NodeType;
import dev.parley.protocol.mls.tree.ParentNode;
import dev.parley.protocol.mls.tree.RatchetTree;
import dev.parley.protocol.mls.tree.TreeMath;
import dev.parley.protocol.mls.tree.TreeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public part of a group's ratchet tree (RFC 9420 §7), as the Delivery Service keeps it: no private keys, only
 * what every member agrees on. It is what lets the Delivery Service compute the {@code tree_hash} of the epoch a
 * commit creates (§7.8) instead of trusting the committer's GroupInfo for it, the way OpenMLS's {@code PublicGroup}
 * does.
 *
 * <p>Invariants: immutable; the number of leaves is a power of two and the node list spans exactly that full tree
 * (blank nodes as empty optionals); leaves sit at even indexes and parents at odd ones.
 */
public final class PublicTree {

    private final List<Optional<TreeNode>> nodes;

    private PublicTree(List<Optional<TreeNode>> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * The full tree that a {@code ratchet_tree} extension describes (trailing blank nodes restored).
     *
     * @throws IllegalArgumentException when the nodes cannot form a ratchet tree: empty, a last node that is blank,
     *         a leaf at a parent's place or the other way round
     */
    public static PublicTree of(RatchetTree tree) {
        List<Optional<TreeNode>> given = tree.nodes();
        if (given.isEmpty() || given.get(given.size() - 1).isEmpty() || given.size() % 2 == 0) {
            throw new IllegalArgumentException("a ratchet tree ends with a non-blank leaf");
        }
        for (int i = 0; i < given.size(); i++) {
            Optional<TreeNode> node = given.get(i);
            if (node.isPresent() && (node.get() instanceof LeafNode) != TreeMath.isLeaf(i)) {
                throw new IllegalArgumentException("node " + i + " is a " + (TreeMath.isLeaf(i) ? "leaf" : "parent")
                        + " position but holds a " + (TreeMath.isLeaf(i) ? "parent" : "leaf"));
            }
        }
        int leaves = TreeMath.fullLeafCount((given.size() + 1) / 2);
        List<Optional<TreeNode>> full = new ArrayList<>(given);
        while (full.size() < TreeMath.nodeWidth(leaves)) {
            full.add(Optional.empty());
        }
        return new PublicTree(full);
    }

    /** Reads a tree written by {@link #encode()}. */
    public static PublicTree decode(Bytes encoded) {
        return of(TlsReader.readExactly(encoded.toByteArray(), RatchetTree::read));
    }

    /** The {@code ratchet_tree} extension's content for this tree: trailing blank nodes left out (§12.4.3.3). */
    public Bytes encode() {
        int end = nodes.size();
        while (end > 0 && nodes.get(end - 1).isEmpty()) {
            end--;
        }
        List<Optional<TreeNode>> trimmed = nodes.subList(0, end);
        return new TlsWriter().writeVector(vector -> trimmed.forEach(node -> {
            vector.writeU8(node.isPresent() ? 1 : 0);
            node.ifPresent(present -> writeNode(vector, present));
        })).toBytes();
    }

    public int leafCount() {
        return (nodes.size() + 1) / 2;
    }

    public Optional<LeafNode> leaf(long leaf) {
        return leaf < 0 || leaf >= leafCount() ? Optional.empty() : nodes.get(TreeMath.nodeOf(leaf)).map(LeafNode.class::cast);
    }

    /** The tree hash of the root (RFC 9420 §7.8): the {@code tree_hash} of the GroupContext. */
    public Bytes treeHash(CipherSuite suite) {
        return treeHash(suite, TreeMath.root(leafCount()));
    }

    /** The tree and the committer's leaf (for an external commit, where its new leaf was placed). */
    public record Applied(PublicTree tree, long committerLeaf) {
    }

    /**
     * The tree of the epoch that {@code commit} creates (RFC 9420 §12.4.2): its Remove proposals, then its Add
     * proposals in order, then, for an external commit, the joiner's leaf at the leftmost blank leaf, then its
     * UpdatePath merged (§7.5) with the parent hashes it implies (§7.9). The UpdatePath's leaf must carry the parent
     * hash that its path implies and a signature by its own key over its place in this group.
     *
     * @param memberLeaf the committer's leaf for a member's commit; ignored for an external commit
     * @throws ParleyException {@link ParleyError#UPDATE_PATH_INVALID} when the commit does not fit this tree
     */
    public Applied apply(Commit commit, boolean external, long memberLeaf, CipherSuite suite, Bytes groupId) {
        List<Optional<TreeNode>> next = new ArrayList<>(nodes);
        List<Proposal> proposals = commit.proposalsByValue();
        for (Proposal proposal : proposals) {
            if (proposal instanceof Proposal.Update) {
                throw invalid("a commit cannot carry an Update by value");
            }
            if (proposal instanceof Proposal.Remove remove) {
                removeLeaf(next, remove.removed());
            }
        }
        for (Proposal proposal : proposals) {
            if (proposal instanceof Proposal.Add add) {
                addLeaf(next, add.keyPackage().leafNode());
            }
        }
        long committerLeaf = memberLeaf;
        if (external) {
            UpdatePath path = commit.path().orElseThrow(() -> invalid("an external commit carries an UpdatePath"));
            committerLeaf = addLeaf(next, path.leafNode());
        } else if (committerLeaf >= leafCountOf(next) || next.get(TreeMath.nodeOf(committerLeaf)).isEmpty()) {
            throw invalid("the committer's leaf " + committerLeaf + " is not a member");
        }
        if (commit.path().isPresent()) {
            mergePath(next, commit.path().get(), committerLeaf, suite, groupId);
        }
        return new Applied(new PublicTree(next), committerLeaf);
    }

    private static void removeLeaf(List<Optional<TreeNode>> tree, long leaf) {
        int leaves = leafCountOf(tree);
        if (leaf < 0 || leaf >= leaves || tree.get(TreeMath.nodeOf(leaf)).isEmpty()) {
            throw invalid("Remove names leaf " + leaf + ", which is not a member");
        }
        int node = TreeMath.nodeOf(leaf);
        tree.set(node, Optional.empty());
        for (int parent : TreeMath.directPath(node, leaves)) {
            tree.set(parent, Optional.empty());
        }
        while (leafCountOf(tree) > 1 && rightHalfBlank(tree)) {
            int half = leafCountOf(tree) / 2;
            tree.subList(TreeMath.nodeWidth(half), tree.size()).clear();
        }
    }

    private static boolean rightHalfBlank(List<Optional<TreeNode>> tree) {
        int leaves = leafCountOf(tree);
        for (int leaf = leaves / 2; leaf < leaves; leaf++) {
            if (tree.get(TreeMath.nodeOf(leaf)).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Places {@code leafNode} at the leftmost blank leaf, extending the tree when there is none (§12.1.1). */
    private static long addLeaf(List<Optional<TreeNode>> tree, LeafNode leafNode) {
        int leaves = leafCountOf(tree);
        int leaf = 0;
        while (leaf < leaves && tree.get(TreeMath.nodeOf(leaf)).isPresent()) {
            leaf++;
        }
        if (leaf == leaves) {
            while (tree.size() < TreeMath.nodeWidth(leaves * 2)) {
                tree.add(Optional.empty());
            }
            leaves *= 2;
        }
        int node = TreeMath.nodeOf(leaf);
        tree.set(node, Optional.of(leafNode));
        for (int parent : TreeMath.directPath(node, leaves)) {
            int index = parent;
            tree.get(index).ifPresent(present -> {
                ParentNode p = (ParentNode) present;
                List<Long> unmerged = new ArrayList<>(p.unmergedLeaves());
                unmerged.add((long) node / 2);
                tree.set(index, Optional.of(new ParentNode(p.encryptionKey(), p.parentHash(), unmerged)));
            });
        }
        return leaf;
    }

    /**
     * Merges an UpdatePath sent from {@code leaf} (§7.5): its direct path is blanked, the nodes of its filtered
     * direct path (§4.1.2) take the path's keys with no unmerged leaves and the parent hashes of §7.9, computed from
     * the root down, and the leaf takes the path's leaf node.
     */
    private void mergePath(List<Optional<TreeNode>> tree, UpdatePath path, long leaf, CipherSuite suite,
            Bytes groupId) {
        int leaves = leafCountOf(tree);
        int leafNode = TreeMath.nodeOf(leaf);
        List<Integer> directPath = TreeMath.directPath(leafNode, leaves);
        directPath.forEach(parent -> tree.set(parent, Optional.empty()));
        List<Integer> filtered = new ArrayList<>();
        List<Integer> copathChildren = new ArrayList<>();
        int below = leafNode;
        for (int parent : directPath) {
            int copathChild = TreeMath.sibling(below);
            if (!subtreeBlank(tree, copathChild)) {
                filtered.add(parent);
                copathChildren.add(copathChild);
            }
            below = parent;
        }
        if (path.nodes().size() != filtered.size()) {
            throw invalid("the UpdatePath has " + path.nodes().size() + " nodes, the committer's filtered direct path "
                    + filtered.size());
        }
        Bytes parentHash = Bytes.EMPTY;
        for (int i = filtered.size() - 1; i >= 0; i--) {
            ParentNode node = new ParentNode(path.nodes().get(i).encryptionKey(), parentHash, List.of());
            tree.set(filtered.get(i), Optional.of(node));
            parentHash = parentHash(suite, node, treeHash(suite, tree, copathChildren.get(i)));
        }
        LeafNode newLeaf = path.leafNode();
        if (!newLeaf.parentHash().orElse(Bytes.EMPTY).equals(parentHash)) {
            throw invalid("the UpdatePath's leaf node carries another parent_hash than its path implies (RFC 9420 §7.9)");
        }
        if (!newLeaf.verifySignature(suite, groupId, leaf)) {
            throw invalid("the UpdatePath's leaf node signature does not verify with its signature key");
        }
        tree.set(leafNode, Optional.of(newLeaf));
    }

    private static boolean subtreeBlank(List<Optional<TreeNode>> tree, int node) {
        if (tree.get(node).isPresent()) {
            return false;
        }
        return TreeMath.isLeaf(node)
                || subtreeBlank(tree, TreeMath.left(node)) && subtreeBlank(tree, TreeMath.right(node));
    }

    private static Bytes parentHash(CipherSuite suite, ParentNode parent, Bytes originalSiblingTreeHash) {
        return MlsCrypto.hash(suite, new TlsWriter().writeOpaque(parent.encryptionKey())
                .writeOpaque(parent.parentHash()).writeOpaque(originalSiblingTreeHash).toBytes());
    }

    private Bytes treeHash(CipherSuite suite, int node) {
        return treeHash(suite, nodes, node);
    }

    /** TreeHashInput of §7.8: a leaf with its leaf index, a parent with its children's tree hashes. */
    private static Bytes treeHash(CipherSuite suite, List<Optional<TreeNode>> tree, int node) {
        TlsWriter input = new TlsWriter();
        Optional<TreeNode> value = tree.get(node);
        if (TreeMath.isLeaf(node)) {
            input.writeU8(NodeType.LEAF.code()).writeU32(node / 2L).writeU8(value.isPresent() ? 1 : 0);
            value.ifPresent(leaf -> input.writeRaw(((LeafNode) leaf).raw()));
        } else {
            input.writeU8(NodeType.PARENT.code()).writeU8(value.isPresent() ? 1 : 0);
            value.ifPresent(parent -> ((ParentNode) parent).write(input));
            input.writeOpaque(treeHash(suite, tree, TreeMath.left(node)))
                    .writeOpaque(treeHash(suite, tree, TreeMath.right(node)));
        }
        return MlsCrypto.hash(suite, input.toBytes());
    }

    private static void writeNode(TlsWriter writer, TreeNode node) {
        if (node instanceof LeafNode leaf) {
            writer.writeU8(NodeType.LEAF.code()).writeRaw(leaf.raw());
        } else {
            ((ParentNode) node).write(writer.writeU8(NodeType.PARENT.code()));
        }
    }

    private static int leafCountOf(List<Optional<TreeNode>> tree) {
        return (tree.size() + 1) / 2;
    }

    private static ParleyException invalid(String reason) {
        return new ParleyException(ParleyError.UPDATE_PATH_INVALID, "commit: " + reason + ".");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicTree tree && tree.nodes.equals(nodes);
    }

    @Override
    public int hashCode() {
        return nodes.hashCode();
    }
}
