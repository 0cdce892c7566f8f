package dev.parley.gateway.domain.model.conversation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where RFC 9420 puts new members in the ratchet tree, for the gateway's leaf-index bookkeeping: a commit applies its
 * Removes first (each blanks its leaf; trailing blank leaves are truncated), then each Add, in order, takes the
 * leftmost blank leaf, extending the tree to the right when there is none (§12.1.1, §12.1.3, §12.3). Because
 * truncation only drops trailing blanks, the leftmost blank leaf after truncation-and-extension is always the smallest
 * index not occupied — which is all this class computes. An external joiner's leaf is placed the same way (§12.4.3.2).
 */
public final class LeafIndexes {

    private LeafIndexes() {
    }

    /**
     * The leaf indexes of {@code adds} new members, in proposal order.
     *
     * @param occupied the leaves of the current members
     * @param removed  the leaves the commit removes (each must be occupied)
     */
    public static List<Long> place(Collection<Long> occupied, Collection<Long> removed, int adds) {
        Set<Long> taken = new TreeSet<>(occupied);
        taken.removeAll(removed);
        List<Long> placed = new ArrayList<>(adds);
        long candidate = 0;
        for (int i = 0; i < adds; i++) {
            while (taken.contains(candidate)) {
                candidate++;
            }
            placed.add(candidate);
            taken.add(candidate);
        }
        return placed;
    }
}
