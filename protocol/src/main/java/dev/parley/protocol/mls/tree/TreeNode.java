package dev.parley.protocol.mls.tree;

/** A non-blank node of a ratchet tree: a leaf or a parent (RFC 9420 §7.8). */
public sealed interface TreeNode permits LeafNode, ParentNode {
}
