package dev.parley.protocol.mls.tree;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TreeMath} against the figures of RFC 9420 §4.1 and Appendix C (a tree of 8 leaves, nodes 0 to 14). */
class TreeMathTest {

    @Test
    void anEightLeafTreeHasItsRootAtSevenAndItsLevels() {
        assertThat(TreeMath.nodeWidth(8)).isEqualTo(15);
        assertThat(TreeMath.root(8)).isEqualTo(7);
        assertThat(TreeMath.root(1)).isZero();
        assertThat(TreeMath.level(0)).isZero();
        assertThat(TreeMath.level(5)).isEqualTo(1);
        assertThat(TreeMath.level(11)).isEqualTo(2);
        assertThat(TreeMath.level(7)).isEqualTo(3);
    }

    @Test
    void childrenParentsSiblingsAndDirectPaths() {
        assertThat(TreeMath.left(7)).isEqualTo(3);
        assertThat(TreeMath.right(7)).isEqualTo(11);
        assertThat(TreeMath.left(5)).isEqualTo(4);
        assertThat(TreeMath.right(5)).isEqualTo(6);
        assertThat(TreeMath.parent(4)).isEqualTo(5);
        assertThat(TreeMath.parent(5)).isEqualTo(3);
        assertThat(TreeMath.parent(11)).isEqualTo(7);
        assertThat(TreeMath.sibling(4)).isEqualTo(6);
        assertThat(TreeMath.sibling(3)).isEqualTo(11);
        assertThat(TreeMath.directPath(TreeMath.nodeOf(2), 8)).containsExactly(5, 3, 7);
        assertThat(TreeMath.directPath(TreeMath.nodeOf(7), 8)).containsExactly(13, 11, 7);
        assertThat(TreeMath.directPath(0, 1)).isEmpty();
    }

    @Test
    void aTreeGrowsToThePowerOfTwoThatHoldsItsLeaves() {
        assertThat(TreeMath.fullLeafCount(1)).isEqualTo(1);
        assertThat(TreeMath.fullLeafCount(3)).isEqualTo(4);
        assertThat(TreeMath.fullLeafCount(5)).isEqualTo(8);
        assertThat(TreeMath.fullLeafCount(8)).isEqualTo(8);
    }
}
