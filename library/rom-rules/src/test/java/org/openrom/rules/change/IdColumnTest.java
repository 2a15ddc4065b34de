package org.openrom.rules.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdColumnTest {

    @Test
    void isAnExactCopyAcrossChunkBoundariesAndIndependentOfItsSource() {
        for (int n : new int[] {0, 1, IdColumn.CHUNK - 1, IdColumn.CHUNK, IdColumn.CHUNK + 1, 3 * IdColumn.CHUNK + 17}) {
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = "p" + i;
            }
            IdColumn column = new IdColumn(ids);
            if (n > 0) {
                ids[n - 1] = "changed";
                ids[0] = "changed";
            }
            assertThat(column.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(column.get(i)).isEqualTo("p" + i);
            }
            assertThatThrownBy(() -> column.get(n)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("patient index " + n + " of " + n);
            assertThatThrownBy(() -> column.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
