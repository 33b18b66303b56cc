package io.sluice.protocol.message;

import io.sluice.protocol.Errors;
import io.sluice.protocol.UnsupportedVersionException;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import java.util.List;

/**
 * ApiVersions response (key 18), versions 0-5 (v5 is laid out as v4; it may carry {@code REBOOTSTRAP_REQUIRED}).
 *
 * <pre>
 * error_code int16
 * api_keys   [api_key int16 | min_version int16 | max_version int16 | tagged fields(v3+)]
 * throttle_time_ms int32                                       (v1+)
 * tagged fields (v3+): 0 supported_features [name | min_version int16 | max_version int16]
 *                      1 finalized_features_epoch int64
 *                      2 finalized_features [name | max_version_level int16 | min_version_level int16]
 *                      3 zk_migration_ready bool
 * </pre>
 *
 * <p>A broker that does not know the request's version answers in the v0 layout with
 * {@code UNSUPPORTED_VERSION} and, in {@code api_keys}, the ApiVersions range it does support.
 * {@link #read} detects that answer and decodes it as v0 whatever version was asked, so the caller can retry
 * with {@link #pick}.
 *
 * @param errorCode top-level error; {@code UNSUPPORTED_VERSION} for the fallback answer
 * @param apiKeys every API the broker supports with its version range
 * @param throttleTimeMs quota throttle, 0 before v1
 * @param supportedFeatures features the broker supports (v3+, tagged)
 * @param finalizedFeaturesEpoch epoch of the finalized features, -1 if unknown
 * @param finalizedFeatures cluster-wide finalized feature levels (v3+, tagged)
 * @param zkMigrationReady set by a KRaft controller ready for ZK migration (v3+, tagged)
 */
public record ApiVersionsResponse(
        short errorCode,
        List<ApiVersion> apiKeys,
        int throttleTimeMs,
        List<SupportedFeature> supportedFeatures,
        long finalizedFeaturesEpoch,
        List<FinalizedFeature> finalizedFeatures,
        boolean zkMigrationReady)
        implements Response {

    /** The range of versions the broker supports for one API key. */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {}

    /** A feature the broker supports, with its version range. */
    public record SupportedFeature(String name, short minVersion, short maxVersion) {}

    /** A feature level finalized for the whole cluster. */
    public record FinalizedFeature(String name, short maxVersionLevel, short minVersionLevel) {}

    /** The error as an enum. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    /** The broker's range for {@code key}, or null if it does not offer the API. */
    public ApiVersion find(ApiKey key) {
        for (ApiVersion v : apiKeys) {
            if (v.apiKey() == key.id()) {
                return v;
            }
        }
        return null;
    }

    /**
     * The highest version of {@code key} both the broker and this library support.
     *
     * @throws UnsupportedVersionException if the broker lacks the API or the ranges do not overlap
     */
    public short pick(ApiKey key) {
        ApiVersion theirs = find(key);
        if (theirs == null) {
            throw new UnsupportedVersionException("broker does not support " + key + " (key " + key.id() + ")");
        }
        short high = (short) Math.min(theirs.maxVersion(), key.latestVersion());
        short low = (short) Math.max(theirs.minVersion(), key.oldestVersion());
        if (high < low) {
            throw new UnsupportedVersionException(key + ": broker supports versions " + theirs.minVersion() + ".."
                    + theirs.maxVersion() + ", this client " + key.oldestVersion() + ".." + key.latestVersion());
        }
        return high;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    /**
     * {@inheritDoc} A fake broker imitating the answer to a version it does not know writes an
     * {@code UNSUPPORTED_VERSION} response at version 0, whatever version was asked.
     */
    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        boolean flexible = ApiKey.API_VERSIONS.isFlexible(version);
        w.writeShort(errorCode);
        w.writeArrayLength(apiKeys.size(), flexible);
        for (ApiVersion v : apiKeys) {
            w.writeShort(v.apiKey());
            w.writeShort(v.minVersion());
            w.writeShort(v.maxVersion());
            w.writeTaggedFieldsEnd(flexible);
        }
        if (version >= 1) {
            w.writeInt(throttleTimeMs);
        }
        if (flexible) {
            writeTaggedFields(w);
        }
    }

    /**
     * Decodes a response to a request sent at {@code version}; decodes the v0 fallback answer whatever
     * {@code version} was.
     */
    public static ApiVersionsResponse read(ByteReader r, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        // The fallback answer is in the v0 layout; the error code comes first in every version.
        ByteReader peek = r.duplicate();
        if (version > 0 && peek.remaining() >= 2 && peek.readShort() == Errors.UNSUPPORTED_VERSION.code()) {
            version = 0;
        }
        boolean flexible = ApiKey.API_VERSIONS.isFlexible(version);
        short errorCode = r.readShort();
        List<ApiVersion> apiKeys = r.readNonNullArray(flexible, "api_keys", e -> {
            ApiVersion v = new ApiVersion(e.readShort(), e.readShort(), e.readShort());
            e.skipTaggedFields(flexible);
            return v;
        });
        int throttleTimeMs = version >= 1 ? r.readInt() : 0;
        if (!flexible) {
            return new ApiVersionsResponse(errorCode, apiKeys, throttleTimeMs, List.of(), -1L, List.of(), false);
        }
        Tagged tagged = new Tagged();
        r.readTaggedFields(tagged::read);
        return new ApiVersionsResponse(
                errorCode,
                apiKeys,
                throttleTimeMs,
                tagged.supportedFeatures,
                tagged.finalizedFeaturesEpoch,
                tagged.finalizedFeatures,
                tagged.zkMigrationReady);
    }

    /** Writes the tagged fields that differ from their defaults, in tag order. */
    private void writeTaggedFields(ByteWriter w) {
        boolean epoch = finalizedFeaturesEpoch != -1L;
        int count = (supportedFeatures.isEmpty() ? 0 : 1)
                + (epoch ? 1 : 0)
                + (finalizedFeatures.isEmpty() ? 0 : 1)
                + (zkMigrationReady ? 1 : 0);
        w.writeUnsignedVarint(count);
        if (!supportedFeatures.isEmpty()) {
            Codecs.writeTaggedField(w, 0, f -> {
                f.writeCompactArrayLength(supportedFeatures.size());
                for (SupportedFeature s : supportedFeatures) {
                    f.writeCompactString(s.name());
                    f.writeShort(s.minVersion());
                    f.writeShort(s.maxVersion());
                    f.writeEmptyTaggedFields();
                }
            });
        }
        if (epoch) {
            Codecs.writeTaggedField(w, 1, f -> f.writeLong(finalizedFeaturesEpoch));
        }
        if (!finalizedFeatures.isEmpty()) {
            Codecs.writeTaggedField(w, 2, f -> {
                f.writeCompactArrayLength(finalizedFeatures.size());
                for (FinalizedFeature s : finalizedFeatures) {
                    f.writeCompactString(s.name());
                    f.writeShort(s.maxVersionLevel());
                    f.writeShort(s.minVersionLevel());
                    f.writeEmptyTaggedFields();
                }
            });
        }
        if (zkMigrationReady) {
            Codecs.writeTaggedField(w, 3, f -> f.writeBoolean(true));
        }
    }

    /** The top-level tagged fields, with their defaults when absent. */
    private static final class Tagged {
        List<SupportedFeature> supportedFeatures = List.of();
        long finalizedFeaturesEpoch = -1L;
        List<FinalizedFeature> finalizedFeatures = List.of();
        boolean zkMigrationReady;

        boolean read(int tag, ByteReader f) {
            switch (tag) {
                case 0 ->
                    supportedFeatures = f.readNonNullArray(true, "supported_features", e -> {
                        SupportedFeature s = new SupportedFeature(
                                e.readCompactString("supported_features.name"), e.readShort(), e.readShort());
                        e.skipTaggedFields();
                        return s;
                    });
                case 1 -> finalizedFeaturesEpoch = f.readLong();
                case 2 ->
                    finalizedFeatures = f.readNonNullArray(true, "finalized_features", e -> {
                        FinalizedFeature s = new FinalizedFeature(
                                e.readCompactString("finalized_features.name"), e.readShort(), e.readShort());
                        e.skipTaggedFields();
                        return s;
                    });
                case 3 -> zkMigrationReady = f.readBoolean();
                default -> {
                    return false;
                }
            }
            return true;
        }
    }
}
