/**
 * One codec per Kafka API a producer speaks, written by hand from the protocol's message definitions.
 *
 * <p>Requests are immutable records implementing {@link io.sluice.protocol.message.Request}: {@code
 * write(ByteWriter, version)} appends the body at any supported version. {@link
 * io.sluice.protocol.message.RequestHeader#writeFrame} wraps a body in its size prefix and header in one pass,
 * back-patching the size, so a sender encodes each request straight into one reused {@link
 * io.sluice.protocol.types.ByteWriter}. Responses are immutable records with a static {@code read(ByteReader,
 * version)}; fields a version lacks take Kafka's defaults, and unknown tagged fields are skipped.
 *
 * <pre>
 * frame:    size int32 | header | body
 * request:  api_key int16 | api_version int16 | correlation_id int32 | client_id NULLABLE_STRING
 *           [| tagged fields, when the version is flexible]
 * response: correlation_id int32 [| tagged fields, when flexible; never for ApiVersions]
 * </pre>
 *
 * <p>A version is flexible (see {@link io.sluice.protocol.message.ApiKey#isFlexible}) when strings, arrays and
 * bytes carry varint lengths and every structure ends in tagged fields. Versions are negotiated once per
 * connection with {@link io.sluice.protocol.message.ApiVersionsResponse#pick}.
 *
 * <p>Decoders trust no length: every count and size is checked against the bytes left in the frame before
 * anything is allocated, and a frame that breaks the protocol ends in a {@link
 * io.sluice.protocol.types.ProtocolException}.
 */
package io.sluice.protocol.message;
