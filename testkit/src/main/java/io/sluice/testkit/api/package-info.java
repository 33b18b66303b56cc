/**
 * The checked API listing: {@link io.sluice.testkit.api.ApiListing} writes a module's public surface as text, read
 * from its compiled classes and module descriptor, so that a module's test can compare it with the listing checked
 * in and fail on any change that was not made on purpose.
 */
package io.sluice.testkit.api;
