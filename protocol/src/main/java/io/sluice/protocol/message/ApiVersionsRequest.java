package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * ApiVersions request (key 18), versions 0-4. Versions 0-2 have an empty body; from v3 (flexible) it names
 * the client software, which the broker shows in its metrics.
 *
 * <pre>
 * v3+: client_software_name COMPACT_STRING | client_software_version COMPACT_STRING | tagged fields
 * </pre>
 *
 * @param clientSoftwareName name of the client library, e.g. {@code sluice}
 * @param clientSoftwareVersion its version
 */
public record ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion) implements Request {
    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(ByteWriter w, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        if (version >= 3) {
            w.writeCompactString(clientSoftwareName);
            w.writeCompactString(clientSoftwareVersion);
            w.writeEmptyTaggedFields();
        }
    }

    /** Decodes a request body at {@code version}, as a broker would; for fake brokers in tests and round trips. */
    public static ApiVersionsRequest read(ByteReader r, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        boolean flexible = ApiKey.API_VERSIONS.isFlexible(version);
        if (!flexible) {
            return new ApiVersionsRequest(null, null);
        }
        ApiVersionsRequest request = new ApiVersionsRequest(
                r.readCompactString("client_software_name"), r.readCompactString("client_software_version"));
        r.skipTaggedFields();
        return request;
    }
}
