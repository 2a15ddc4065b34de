package org.openrom.core.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable map from a handful of string keys (a patient's scales, its instruments) to values, kept as two
 * sorted arrays. {@link #with} returns a new map sharing the key array when the key is already present, so that
 * updating one entry of a history's index costs one small array copy, not a hash map.
 *
 * @param <V> the value type
 */
public final class SmallMap<V> {
    private static final SmallMap<?> EMPTY = new SmallMap<>(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private SmallMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** @return the empty map */
    @SuppressWarnings("unchecked")
    public static <V> SmallMap<V> empty() {
        return (SmallMap<V>) EMPTY;
    }

    /** @return the value of {@code key}, or null */
    @SuppressWarnings("unchecked")
    public V get(String key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? (V) values[i] : null;
    }

    /** @return this map with {@code key} mapped to {@code value} (this one is unchanged) */
    public SmallMap<V> with(String key, V value) {
        Objects.requireNonNull(value, "value");
        int i = Arrays.binarySearch(keys, Objects.requireNonNull(key, "key"));
        if (i >= 0) {
            Object[] v = values.clone();
            v[i] = value;
            return new SmallMap<>(keys, v);
        }
        int at = -i - 1;
        String[] k = new String[keys.length + 1];
        Object[] v = new Object[keys.length + 1];
        System.arraycopy(keys, 0, k, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        k[at] = key;
        v[at] = value;
        System.arraycopy(keys, at, k, at + 1, keys.length - at);
        System.arraycopy(values, at, v, at + 1, keys.length - at);
        return new SmallMap<>(k, v);
    }

    /** @return the number of keys */
    public int size() {
        return keys.length;
    }

    /** @return the keys, sorted (unmodifiable) */
    public List<String> keys() {
        return List.of(keys);
    }

    /** @return the i-th value in key order */
    @SuppressWarnings("unchecked")
    public V value(int i) {
        return (V) values[i];
    }

    /** @return the i-th key */
    public String key(int i) {
        return keys[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmallMap<?> m && Arrays.equals(keys, m.keys) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }
}
