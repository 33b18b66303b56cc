package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

class HeaderTest {

    @Test
    void writesGoldenHeaderV1() {
        ByteWriter w = new ByteWriter(16);
        RequestHeader.write(w, ApiKey.PRODUCE, (short) 8, 0x01020304, null);
        byte[] expected = Golden.bytes(
                "00 00", // api_key 0: Produce
                "00 08", // api_version 8 (not flexible: header v1)
                "01 02 03 04", // correlation_id
                "ff ff"); // client_id: null
        assertThat(w.toByteArray()).containsExactly(expected);
    }

    @Property(tries = 300)
    void requestHeaderMatchesKafkaForEveryApiAndVersion(
            @ForAll ApiKey key, @ForAll int correlationId, @ForAll long seed) {
        Gen g = new Gen(seed);
        String clientId = g.nullableString();
        for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
            ByteWriter w = new ByteWriter(16);
            RequestHeader.write(w, key, v, correlationId, clientId);
            RequestHeaderData kafka = new RequestHeaderData()
                    .setRequestApiKey(key.id())
                    .setRequestApiVersion(v)
                    .setCorrelationId(correlationId)
                    .setClientId(clientId);
            assertThat(w.toByteArray())
                    .as(key + " v" + v)
                    .containsExactly(Oracle.kafkaBytes(kafka, key.requestHeaderVersion(v)));
        }
    }

    @Property(tries = 300)
    void readsResponseHeadersKafkaWritesAndSkipsTheirTaggedFields(
            @ForAll ApiKey key, @ForAll int correlationId, @ForAll byte[] unknownTag) {
        for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
            ResponseHeaderData kafka = new ResponseHeaderData().setCorrelationId(correlationId);
            short headerVersion = key.responseHeaderVersion(v);
            if (headerVersion >= 1) {
                kafka.unknownTaggedFields().add(new RawTaggedField(5, unknownTag));
            }
            byte[] header = Oracle.kafkaBytes(kafka, headerVersion);
            byte[] frame = new byte[header.length + 1];
            System.arraycopy(header, 0, frame, 0, header.length);
            frame[header.length] = 42; // first body byte
            ByteReader r = ByteReader.of(frame);
            assertThat(ResponseHeader.readCorrelationId(r, key, v)).isEqualTo(correlationId);
            assertThat(r.readByte()).as("reader left at the body").isEqualTo((byte) 42);
        }
    }

    @Property(tries = 200)
    void readsRequestHeadersKafkaWritesAndWritesResponseHeadersLikeKafka(
            @ForAll ApiKey key, @ForAll int correlationId, @ForAll long seed) {
        String clientId = new Gen(seed).nullableString();
        for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
            RequestHeaderData request = new RequestHeaderData()
                    .setRequestApiKey(key.id())
                    .setRequestApiVersion(v)
                    .setCorrelationId(correlationId)
                    .setClientId(clientId);
            RequestHeader.Parsed parsed =
                    RequestHeader.read(ByteReader.of(Oracle.kafkaBytes(request, key.requestHeaderVersion(v))));
            assertThat(parsed).isEqualTo(new RequestHeader.Parsed(key, key.id(), v, correlationId, clientId));

            ByteWriter w = new ByteWriter(8);
            ResponseHeader.write(w, key, v, correlationId);
            assertThat(w.toByteArray())
                    .as(key + " v" + v)
                    .containsExactly(Oracle.kafkaBytes(
                            new ResponseHeaderData().setCorrelationId(correlationId), key.responseHeaderVersion(v)));
        }
    }
}
