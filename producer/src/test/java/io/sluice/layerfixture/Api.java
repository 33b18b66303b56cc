package io.sluice.layerfixture;

import io.sluice.layerfixture.internal.send.Top;

/** An API type reaching into internal: the rule must name it. */
public final class Api {
    /** Returns the internal top. */
    public Object top() {
        return new Top();
    }
}
