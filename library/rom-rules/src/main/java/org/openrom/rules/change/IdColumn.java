package org.openrom.rules.change;

/**
 * An immutable copy of a column of patient ids, stored in chunks of {@value #CHUNK} references.
 *
 * <p>Why chunks: a cohort of a million ids copied into one {@code String[]} is a 4–8 MB object, which G1
 * allocates as a <em>humongous</em> object; on JDK 17 G1 cannot reclaim humongous reference arrays at a young
 * collection, so repeated analyses of large cohorts filled the heap with dead copies and stalled on
 * collections (measured: single analyses of 1 M pairs taking 40–85 ms instead of 6 ms). Chunks of at most
 * 256 KB stay below the humongous threshold of every G1 region size.
 */
final class IdColumn {
    static final int CHUNK = 1 << 15;
    private static final int SHIFT = 15;

    private final String[][] chunks;
    private final int size;

    IdColumn(String[] ids) {
        this.size = ids.length;
        this.chunks = new String[(size + CHUNK - 1) >>> SHIFT][];
        for (int c = 0; c < chunks.length; c++) {
            int from = c << SHIFT;
            chunks[c] = java.util.Arrays.copyOfRange(ids, from, Math.min(size, from + CHUNK));
        }
    }

    String get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("patient index " + i + " of " + size);
        }
        return chunks[i >>> SHIFT][i & (CHUNK - 1)];
    }

    int size() {
        return size;
    }
}
