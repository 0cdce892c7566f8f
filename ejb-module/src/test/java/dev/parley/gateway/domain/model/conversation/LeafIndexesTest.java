package dev.parley.gateway.domain.model.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeafIndexesTest {

    @Test
    void addsExtendAFullTreeToTheRight() {
        assertThat(LeafIndexes.place(List.of(0L), List.of(), 2)).containsExactly(1L, 2L);
    }

    @Test
    void addsFillTheLeftmostBlankLeavesFirstIncludingThoseTheCommitRemoves() {
        assertThat(LeafIndexes.place(List.of(0L, 2L, 3L, 5L), List.of(3L), 3)).containsExactly(1L, 3L, 4L);
    }

    @Test
    void aTruncatedTreeGrowsBackFromItsLastOccupiedLeaf() {
        assertThat(LeafIndexes.place(List.of(0L, 1L, 2L), List.of(2L), 1)).containsExactly(2L);
        assertThat(LeafIndexes.place(List.of(0L, 1L, 7L), List.of(7L), 2)).containsExactly(2L, 3L);
    }

    @Test
    void nothingToPlace() {
        assertThat(LeafIndexes.place(List.of(0L), List.of(), 0)).isEmpty();
    }
}
