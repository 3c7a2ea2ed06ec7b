package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Invariant;
import java.io.Serializable;

/** @Invariant methods are checked before a loaded object is served, in declaration order. */
@CachedFactory
public final class WithInvariants implements Serializable {
    private final double[] values;

    public WithInvariants(int size) {
        this.values = new double[size];
    }

    @Invariant
    boolean isNonEmpty() {
        return values.length > 0;
    }

    @Invariant
    public boolean isFinite() {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
