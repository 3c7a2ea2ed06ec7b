package io.cachedfactory.examples.memory;

import java.io.Serializable;

/**
 * A record argument whose own equals is looser than its key bytes (values within 0.5 are "equal"):
 * memory must be keyed by the bytes, or a hit would serve another key's object.
 */
public record Tolerant(double x) implements Serializable {

    @Override
    public boolean equals(Object other) {
        return other instanceof Tolerant that && Math.abs(x - that.x) < 0.5;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
