package com.acme;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;

/**
 * Record arguments: one with the implicit equals keys memory by the generated record, one with its
 * own equals (looser than its key bytes) keys memory by the bytes.
 */
public final class RecordArguments implements Serializable {
    private final String text;

    private RecordArguments(String text) {
        this.text = text;
    }

    @CachedFactory
    static RecordArguments at(Point point) {
        return new RecordArguments(point.toString());
    }

    @CachedFactory
    static RecordArguments near(Tolerant tolerant) {
        return new RecordArguments(tolerant.toString());
    }

    public record Point(double x, String label, Shade shade) implements Serializable {
    }

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

    public enum Shade { LIGHT, DARK }
}
