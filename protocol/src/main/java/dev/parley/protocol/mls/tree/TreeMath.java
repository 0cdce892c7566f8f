package dev.parley.protocol.mls.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The array representation of a ratchet tree (RFC 9420 §4.1, Appendix C): leaves at even node indexes, parents at
 * odd ones, a tree of {@code n} leaves ({@code n} a power of two) spans {@code 2n - 1} nodes. All indexes are node
 * indexes unless named {@code leaf}.
 */
public final class TreeMath {

    private TreeMath() {
    }

    /** Node index of leaf {@code leaf}. */
    public static int nodeOf(long leaf) {
        return Math.toIntExact(2 * leaf);
    }

    /** Number of nodes of a tree of {@code leaves} leaves. */
    public static int nodeWidth(int leaves) {
        return leaves == 0 ? 0 : 2 * (leaves - 1) + 1;
    }

    /** The smallest power of two that is at least {@code n} (at least 1). */
    public static int fullLeafCount(int n) {
        int leaves = 1;
        while (leaves < n) {
            leaves <<= 1;
        }
        return leaves;
    }

    /** 0 for a leaf, 1 for its parent, … */
    public static int level(int node) {
        return Integer.numberOfTrailingZeros(~node);
    }

    public static boolean isLeaf(int node) {
        return (node & 1) == 0;
    }

    /** The root of a tree of {@code leaves} leaves (a power of two). */
    public static int root(int leaves) {
        return Integer.highestOneBit(nodeWidth(leaves)) - 1;
    }

    public static int left(int node) {
        int k = level(node);
        return node ^ (1 << (k - 1));
    }

    public static int right(int node) {
        int k = level(node);
        return node ^ (3 << (k - 1));
    }

    public static int parent(int node) {
        int k = level(node);
        int b = (node >> (k + 1)) & 1;
        return (node | (1 << k)) ^ (b << (k + 1));
    }

    public static int sibling(int node) {
        int parent = parent(node);
        return node < parent ? right(parent) : left(parent);
    }

    /** The parents from {@code node}'s parent up to the root of a tree of {@code leaves} leaves, lowest first. */
    public static List<Integer> directPath(int node, int leaves) {
        int root = root(leaves);
        List<Integer> path = new ArrayList<>();
        while (node != root) {
            node = parent(node);
            path.add(node);
        }
        return path;
    }
}
