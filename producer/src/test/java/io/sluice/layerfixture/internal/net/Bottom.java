package io.sluice.layerfixture.internal.net;

import io.sluice.layerfixture.internal.send.Top;
import io.sluice.layerfixture.internal.stray.Stray;

/** The bottom layer reaching back up, and into a package without a layer: both must be named. */
public final class Bottom {
    /** Returns a top, which the bottom layer must not know. */
    public Top top() {
        return new Top();
    }

    /** Returns a stray. */
    public Stray stray() {
        return new Stray();
    }
}
