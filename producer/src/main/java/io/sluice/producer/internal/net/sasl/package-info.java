/**
 * SASL for broker connections, written from RFC 4616 (PLAIN), RFC 5802 and 7677 (SCRAM-SHA-256/512) and RFC 7628
 * (OAUTHBEARER).
 *
 * <pre>
 *  SaslTransport ---- runs inside Transport.handshake(): ApiVersions, SaslHandshake, SaslAuthenticate...
 *        |            then passes bytes through; re-authenticates before the session ends (KIP-368)
 *  SaslCredentials -- sasl.mechanism + sasl.jaas.config (+ a token provider), read once per producer
 *        |
 *  SaslMechanismClient: PlainClient, ScramClient, OAuthBearerClient (UnsecuredJwt for tests)
 * </pre>
 *
 * <p>Invariant: nothing here logs or throws a credential; messages name the broker, the mechanism and the broker's
 * reason.
 */
package io.sluice.producer.internal.net.sasl;
