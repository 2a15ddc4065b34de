package org.openrom.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map from item ids to integer answers, kept as a sorted key array and an {@code int} array: the
 * answers of one administration. It iterates in key order (as a sorted map would), looks keys up by binary
 * search and is equal to any map with the same entries. Compared with the boxed sorted map it replaces, it holds
 * no node per entry, so a history of a year of weekly sessions takes a fraction of the memory, and building one
 * from a reader's rows creates two arrays and this object.
 */
public final class IntAnswers extends AbstractMap<String, Integer> {
    private static final IntAnswers EMPTY = new IntAnswers(new String[0], new int[0]);

    private final String[] keys;
    private final int[] values;

    private IntAnswers(String[] keys, int[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** @return the empty map */
    public static IntAnswers empty() {
        return EMPTY;
    }

    /**
     * Builds the map from the first {@code n} keys and values, which it takes over (the caller must not use the
     * arrays afterwards). Keys may come in any order and repeat: the later of two equal keys wins, as with
     * {@link Map#put}.
     *
     * @param keys item ids, none null
     * @param values their answers
     * @param n how many of them are used
     * @return the map
     */
    public static IntAnswers of(String[] keys, int[] values, int n) {
        if (n == 0) {
            return EMPTY;
        }
        // insertion sort: stable (so the later of equal keys is the one kept) and fast for the dozen or so
        // items of a questionnaire; a long list falls back to a sort of indices
        if (n <= 64) {
            for (int i = 1; i < n; i++) {
                String k = keys[i];
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && keys[j].compareTo(k) > 0) {
                    keys[j + 1] = keys[j];
                    values[j + 1] = values[j];
                    j--;
                }
                keys[j + 1] = k;
                values[j + 1] = v;
            }
        } else {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            String[] k0 = keys;
            Arrays.sort(order, (a, b) -> k0[a].compareTo(k0[b]));
            String[] k = new String[n];
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                k[i] = keys[order[i]];
                v[i] = values[order[i]];
            }
            keys = k;
            values = v;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && keys[m - 1].equals(keys[i])) {
                values[m - 1] = values[i];
            } else {
                keys[m] = keys[i];
                values[m] = values[i];
                m++;
            }
        }
        return new IntAnswers(m == keys.length ? keys : Arrays.copyOf(keys, m),
                m == values.length ? values : Arrays.copyOf(values, m));
    }

    /**
     * @param map any map with non-null keys and values
     * @return the same entries as an {@code IntAnswers} (the map itself when it is one)
     */
    public static IntAnswers copyOf(Map<String, Integer> map) {
        if (map instanceof IntAnswers a) {
            return a;
        }
        String[] k = new String[map.size()];
        int[] v = new int[map.size()];
        int n = 0;
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            k[n] = Objects.requireNonNull(e.getKey(), "key");
            v[n] = Objects.requireNonNull(e.getValue(), "value");
            n++;
        }
        return of(k, v, n);
    }

    private int index(Object key) {
        return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
    }

    @Override
    public Integer get(Object key) {
        int i = index(key);
        return i >= 0 ? values[i] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Integer> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, Integer>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Integer>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Integer> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Integer> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
