package org.openrom.core.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable list with amortised O(1) {@link #append}: versions share one backing array, and only the longest
 * version of a lineage extends it in place (any other is copied first), so no version sees another's change.
 * Safe to share between threads. Not API.
 *
 * @param <T> the element type
 */
public final class AppendOnly<T> {
    private static final AppendOnly<?> EMPTY = new AppendOnly<>(new Object[0], 0, new AtomicInteger());

    private final Object[] items;
    private final int size;
    private final AtomicInteger used;

    private AppendOnly(Object[] items, int size, AtomicInteger used) {
        this.items = items;
        this.size = size;
        this.used = used;
    }

    /** @return the empty list */
    @SuppressWarnings("unchecked")
    public static <T> AppendOnly<T> empty() {
        return (AppendOnly<T>) EMPTY;
    }

    /** @return the list of these elements */
    public static <T> AppendOnly<T> of(List<? extends T> elements) {
        Object[] a = elements.toArray();
        for (Object o : a) {
            Objects.requireNonNull(o, "element");
        }
        return new AppendOnly<>(a, a.length, new AtomicInteger(a.length));
    }

    /** @return this list with one more element (this one is unchanged) */
    public AppendOnly<T> append(T element) {
        Objects.requireNonNull(element, "element");
        if (size < items.length && used.compareAndSet(size, size + 1)) {
            items[size] = element;
            return new AppendOnly<>(items, size + 1, used);
        }
        Object[] a = Arrays.copyOf(items, Math.max(4, size * 2));
        a[size] = element;
        return new AppendOnly<>(a, size + 1, new AtomicInteger(size + 1));
    }

    /** @return the number of elements */
    public int size() {
        return size;
    }

    /** @return element {@code i} */
    @SuppressWarnings("unchecked")
    public T get(int i) {
        Objects.checkIndex(i, size);
        return (T) items[i];
    }

    /** @return an unmodifiable view (fixed at this version's size) */
    public List<T> asList() {
        return new View<>(this);
    }

    private static final class View<T> extends AbstractList<T> implements RandomAccess {
        private final AppendOnly<T> list;

        View(AppendOnly<T> list) {
            this.list = list;
        }

        @Override
        public T get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size;
        }
    }
}
