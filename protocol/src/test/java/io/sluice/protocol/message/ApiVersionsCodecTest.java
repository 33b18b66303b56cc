package io.sluice.protocol.message;

import static io.sluice.protocol.message.Oracle.kafkaBytes;
import static io.sluice.protocol.message.Oracle.ourBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.Errors;
import io.sluice.protocol.UnsupportedVersionException;
import io.sluice.protocol.message.ApiVersionsResponse.ApiVersion;
import io.sluice.protocol.message.ApiVersionsResponse.FinalizedFeature;
import io.sluice.protocol.message.ApiVersionsResponse.SupportedFeature;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ShortRange;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.junit.jupiter.api.Test;

class ApiVersionsCodecTest {

    @Test
    void writesGoldenRequestV3() {
        byte[] expected = Golden.bytes(
                "07", // client_software_name: compact length 6+1
                "'sluice'",
                "04", // client_software_version: compact length 3+1
                "'0.1'",
                "00"); // no tagged fields
        assertThat(ourBytes(new ApiVersionsRequest("sluice", "0.1"), (short) 3)).containsExactly(expected);
    }

    @Test
    void writesEmptyBodyBeforeV3() {
        for (short v = 0; v <= 2; v++) {
            assertThat(ourBytes(new ApiVersionsRequest("sluice", "0.1"), v)).isEmpty();
        }
    }

    @Test
    void writesGoldenFrameWithHeaderV2() {
        ByteWriter w = new ByteWriter(16);
        RequestHeader.writeFrame(w, new ApiVersionsRequest("s", "1"), (short) 3, 7, "c");
        byte[] expected = Golden.bytes(
                "00 00 00 11", // size of everything after this field: 17
                "00 12", // api_key 18: ApiVersions
                "00 03", // api_version 3
                "00 00 00 07", // correlation_id 7
                "00 01", // client_id length: int16 even in header v2
                "'c'", // client_id
                "00", // header tagged fields
                "02", // client_software_name: compact length 1+1
                "'s'",
                "02", // client_software_version: compact length 1+1
                "'1'",
                "00"); // body tagged fields
        assertThat(w.toByteArray()).containsExactly(expected);
    }

    @Test
    void readsGoldenResponseV3WithTaggedEpoch() {
        byte[] body = Golden.bytes(
                "00 00", // error_code NONE
                "02", // api_keys: compact count 1+1
                "00 00", // api_key 0 (Produce)
                "00 03", // min_version 3
                "00 0d", // max_version 13
                "00", // the element's tagged fields
                "00 00 00 05", // throttle_time_ms 5
                "01", // one tagged field
                "01 08", // tag 1 (finalized_features_epoch), 8 bytes
                "00 00 00 00 00 00 00 2a"); // epoch 42
        ApiVersionsResponse r = ApiVersionsResponse.read(ByteReader.of(body), (short) 3);
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.apiKeys()).containsExactly(new ApiVersion((short) 0, (short) 3, (short) 13));
        assertThat(r.throttleTimeMs()).isEqualTo(5);
        assertThat(r.finalizedFeaturesEpoch()).isEqualTo(42L);
        assertThat(r.supportedFeatures()).isEmpty();
        assertThat(r.pick(ApiKey.PRODUCE)).isEqualTo((short) 13);
    }

    @Test
    void readsTheV0FallbackAnswerWhateverVersionWasAsked() {
        byte[] body = Golden.bytes(
                "00 23", // error_code 35: UNSUPPORTED_VERSION
                "00 00 00 01", // api_keys: int32 count 1 (the v0 layout)
                "00 12", // api_key 18 (ApiVersions)
                "00 00", // min_version 0
                "00 02"); // max_version 2
        ApiVersionsResponse r = ApiVersionsResponse.read(ByteReader.of(body), (short) 4);
        assertThat(r.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(r.pick(ApiKey.API_VERSIONS)).isEqualTo((short) 2);
    }

    @Test
    void decodesTheFallbackKafkaWrites() {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        data.apiKeys()
                .add(new ApiVersionsResponseData.ApiVersion()
                        .setApiKey((short) 18)
                        .setMaxVersion((short) 3));
        byte[] v0 = kafkaBytes(data, (short) 0);
        for (short asked = 0; asked <= 5; asked++) {
            ApiVersionsResponse r = ApiVersionsResponse.read(ByteReader.of(v0), asked);
            assertThat(r.pick(ApiKey.API_VERSIONS)).isEqualTo((short) 3);
        }
    }

    @Test
    void pickFailsClearlyWithoutCommonVersion() {
        ApiVersionsResponse r = new ApiVersionsResponse(
                (short) 0,
                List.of(new ApiVersion((short) 0, (short) 14, (short) 20)),
                0,
                List.of(),
                -1,
                List.of(),
                false);
        assertThatThrownBy(() -> r.pick(ApiKey.PRODUCE))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("PRODUCE")
                .hasMessageContaining("14..20");
        assertThatThrownBy(() -> r.pick(ApiKey.METADATA))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("does not support METADATA");
    }

    @Property(tries = 200)
    void pickIsTheHighestCommonVersion(
            @ForAll @ShortRange(min = 0, max = 20) short min, @ForAll @ShortRange(min = 0, max = 20) short max) {
        ApiVersionsResponse r = new ApiVersionsResponse(
                (short) 0, List.of(new ApiVersion((short) 3, min, max)), 0, List.of(), -1, List.of(), false);
        short high = (short) Math.min(max, ApiKey.METADATA.latestVersion());
        if (high < Math.max(min, ApiKey.METADATA.oldestVersion())) {
            assertThatThrownBy(() -> r.pick(ApiKey.METADATA)).isInstanceOf(UnsupportedVersionException.class);
        } else {
            assertThat(r.pick(ApiKey.METADATA)).isEqualTo(high);
        }
    }

    @Property(tries = 100)
    void requestMatchesKafka(@ForAll @ShortRange(min = 0, max = 5) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        String name = g.string();
        String ver = g.string();
        String clusterId = g.nullableString();
        int nodeId = g.nonNegative(1000) - 1;
        ApiVersionsRequestData kafka = new ApiVersionsRequestData()
                .setClientSoftwareName(name)
                .setClientSoftwareVersion(ver)
                .setClusterId(clusterId)
                .setNodeId(nodeId);
        ApiVersionsRequest ours = new ApiVersionsRequest(name, ver, clusterId, nodeId);
        assertThat(ourBytes(ours, version)).containsExactly(kafkaBytes(kafka, version));
        if (version >= 3) {
            assertThat(ApiVersionsRequest.read(ByteReader.of(ourBytes(ours, version)), version))
                    .isEqualTo(version >= 5 ? ours : new ApiVersionsRequest(name, ver));
        }
    }

    @Property(tries = 200)
    void decodesWhatKafkaWrites(@ForAll @ShortRange(min = 0, max = 5) short version, @ForAll long seed) {
        Gen g = new Gen(seed);
        ApiVersionsResponseData data = randomResponse(g);
        byte[] bytes = kafkaBytes(data, version);
        ApiVersionsResponseData reread = new ApiVersionsResponseData(Oracle.kafkaReader(bytes), version);
        ApiVersionsResponse expected = fromKafka(reread);
        assertThat(ApiVersionsResponse.read(ByteReader.of(bytes), version)).isEqualTo(expected);
        // our encoder writes the same bytes, so decoding what it writes is a round trip
        assertThat(ourBytes(expected, version)).containsExactly(bytes);
    }

    static ApiVersionsResponseData randomResponse(Gen g) {
        short error;
        do {
            error = g.int16();
        } while (error == Errors.UNSUPPORTED_VERSION.code()); // that code switches to the v0 layout
        ApiVersionsResponseData d = new ApiVersionsResponseData()
                .setErrorCode(error)
                .setThrottleTimeMs(g.int32())
                .setFinalizedFeaturesEpoch(g.int64())
                .setZkMigrationReady(g.bool());
        Set<Short> keys = new HashSet<>();
        for (int i = g.nonNegative(8); i > 0; i--) {
            short key = g.int16();
            if (keys.add(key)) {
                d.apiKeys()
                        .add(new ApiVersionsResponseData.ApiVersion()
                                .setApiKey(key)
                                .setMinVersion(g.int16())
                                .setMaxVersion(g.int16()));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = g.nonNegative(3); i > 0; i--) {
            String name = g.string();
            if (names.add(name)) {
                d.supportedFeatures()
                        .add(new ApiVersionsResponseData.SupportedFeatureKey()
                                .setName(name)
                                .setMinVersion(g.int16())
                                .setMaxVersion(g.int16()));
                d.finalizedFeatures()
                        .add(new ApiVersionsResponseData.FinalizedFeatureKey()
                                .setName(name)
                                .setMinVersionLevel(g.int16())
                                .setMaxVersionLevel(g.int16()));
            }
        }
        return d;
    }

    static ApiVersionsResponse fromKafka(ApiVersionsResponseData d) {
        List<ApiVersion> keys = new ArrayList<>();
        d.apiKeys().forEach(k -> keys.add(new ApiVersion(k.apiKey(), k.minVersion(), k.maxVersion())));
        List<SupportedFeature> supported = new ArrayList<>();
        d.supportedFeatures()
                .forEach(f -> supported.add(new SupportedFeature(f.name(), f.minVersion(), f.maxVersion())));
        List<FinalizedFeature> finalized = new ArrayList<>();
        d.finalizedFeatures()
                .forEach(f -> finalized.add(new FinalizedFeature(f.name(), f.maxVersionLevel(), f.minVersionLevel())));
        return new ApiVersionsResponse(
                d.errorCode(),
                keys,
                d.throttleTimeMs(),
                supported,
                d.finalizedFeaturesEpoch(),
                finalized,
                d.zkMigrationReady());
    }
}
