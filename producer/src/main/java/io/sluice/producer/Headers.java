package io.sluice.producer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The ordered headers of one record. Mutable until the record is sent; then read-only, so that an interceptor or
 * a caller cannot change headers that are already serialized into a batch.
 */
public final class Headers implements Iterable<Header> {
    private static final Header[] NONE = new Header[0];

    /** Empty until the first add: most records carry no headers, so most never allocate a list. */
    private List<Header> headers = List.of();

    private boolean readOnly;

    /** Creates empty headers. */
    public Headers() {}

    /** Creates headers holding the given ones in order; {@code null} means none. */
    public Headers(Iterable<? extends Header> initial) {
        this();
        if (initial != null) {
            for (Header h : initial) {
                writable().add(Objects.requireNonNull(h, "header"));
            }
        }
    }

    /** Creates headers holding the given ones in order; {@code null} means none. */
    public Headers(Header[] initial) {
        this(initial == null ? null : Arrays.asList(initial));
    }

    /**
     * Adds a header at the end.
     *
     * @return this
     * @throws IllegalStateException when the record has already been sent
     */
    public Headers add(Header header) {
        checkWritable();
        writable().add(Objects.requireNonNull(header, "header"));
        return this;
    }

    /** Adds a header built from a key and a value at the end; returns this. */
    public Headers add(String key, byte[] value) {
        return add(new RecordHeader(key, value));
    }

    /** Removes every header with the key; returns this. */
    public Headers remove(String key) {
        checkWritable();
        writable().removeIf(h -> h.key().equals(key));
        return this;
    }

    /** Returns the last header with the key, or {@code null}. */
    public Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return headers.get(i);
            }
        }
        return null;
    }

    /** Returns every header with the key, in order. */
    public List<Header> headers(String key) {
        List<Header> matching = new ArrayList<>();
        for (Header h : headers) {
            if (h.key().equals(key)) {
                matching.add(h);
            }
        }
        return matching;
    }

    /** Returns the headers as an array, in order; the shared empty array when there are none. */
    public Header[] toArray() {
        return headers.isEmpty() ? NONE : headers.toArray(NONE);
    }

    /** Returns the number of headers. */
    public int size() {
        return headers.size();
    }

    /** Makes these headers read-only; called when the record is handed to the accumulator. */
    public void setReadOnly() {
        readOnly = true;
    }

    @Override
    public Iterator<Header> iterator() {
        Iterator<Header> it = headers.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Header next() {
                return it.next();
            }
        };
    }

    private List<Header> writable() {
        if (!(headers instanceof ArrayList)) {
            headers = new ArrayList<>(4);
        }
        return headers;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("Headers are read-only once the record has been sent");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        return "Headers" + headers;
    }
}
