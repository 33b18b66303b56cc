package io.sluice.kafka;

import io.sluice.producer.Headers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * kafka-clients' {@code Headers} over a Sluice record's headers: what a Kafka serializer adds or removes (e.g. a
 * JSON serializer's type header) lands in the record Sluice sends.
 */
final class KafkaHeadersView implements org.apache.kafka.common.header.Headers {
    private final Headers headers;

    KafkaHeadersView(Headers headers) {
        this.headers = headers;
    }

    @Override
    public org.apache.kafka.common.header.Headers add(Header header) {
        headers.add(KafkaHeader.of(header));
        return this;
    }

    @Override
    public org.apache.kafka.common.header.Headers add(String key, byte[] value) {
        headers.add(new KafkaHeader(key, value));
        return this;
    }

    @Override
    public org.apache.kafka.common.header.Headers remove(String key) {
        headers.remove(key);
        return this;
    }

    @Override
    public Header lastHeader(String key) {
        io.sluice.producer.Header h = headers.lastHeader(key);
        return h == null ? null : KafkaHeader.of(h);
    }

    @Override
    public Iterable<Header> headers(String key) {
        List<Header> matching = new ArrayList<>();
        for (io.sluice.producer.Header h : headers.headers(key)) {
            matching.add(KafkaHeader.of(h));
        }
        return matching;
    }

    @Override
    public Header[] toArray() {
        io.sluice.producer.Header[] all = headers.toArray();
        Header[] out = new Header[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = KafkaHeader.of(all[i]);
        }
        return out;
    }

    @Override
    public Iterator<Header> iterator() {
        Iterator<io.sluice.producer.Header> it = headers.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Header next() {
                return KafkaHeader.of(it.next());
            }

            @Override
            public void remove() {
                it.remove();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaHeadersView v && headers.equals(v.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        return "RecordHeaders(headers = " + headers + ")";
    }
}
