package io.sluice.protocol.message;

import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;

/**
 * ApiVersions request (key 18), versions 0-5. Versions 0-2 have an empty body; from v3 (flexible) it names
 * the client software, which the broker shows in its metrics. From v5 (KIP-1242) it may name the cluster and
 * node the client meant to reach, so a broker that is neither answers {@code REBOOTSTRAP_REQUIRED} instead of
 * serving a client that followed stale addresses.
 *
 * <pre>
 * v3+: client_software_name COMPACT_STRING | client_software_version COMPACT_STRING
 * v5+: cluster_id COMPACT_NULLABLE_STRING | node_id int32
 * v3+: tagged fields
 * </pre>
 *
 * @param clientSoftwareName name of the client library, e.g. {@code sluice}
 * @param clientSoftwareVersion its version
 * @param clusterId the cluster meant, or {@code null} when unknown (no check)
 * @param nodeId the node meant, or -1 when unknown (no check)
 */
public record ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion, String clusterId, int nodeId)
        implements Request {

    /** A request that asks for no cluster check. */
    public ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion) {
        this(clientSoftwareName, clientSoftwareVersion, null, -1);
    }

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
            if (version >= 5) {
                w.writeCompactNullableString(clusterId);
                w.writeInt(nodeId);
            }
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
        String name = r.readCompactString("client_software_name");
        String softwareVersion = r.readCompactString("client_software_version");
        String clusterId = null;
        int nodeId = -1;
        if (version >= 5) {
            clusterId = r.readCompactNullableString("cluster_id");
            nodeId = r.readInt();
        }
        ApiVersionsRequest request = new ApiVersionsRequest(name, softwareVersion, clusterId, nodeId);
        r.skipTaggedFields();
        return request;
    }
}
