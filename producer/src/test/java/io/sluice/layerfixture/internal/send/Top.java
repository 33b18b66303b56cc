package io.sluice.layerfixture.internal.send;

import io.sluice.layerfixture.internal.net.Bottom;

/** The top layer using the bottom one, as allowed. */
public final class Top {
    /** Returns a bottom. */
    public Bottom bottom() {
        return new Bottom();
    }
}
