package io.cachedfactory.examples.memory;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A small cached object that records the arguments it was built from, with one constructor per
 * kind of argument whose memory key {@link MemoryKeyTest} checks: value types the generated record
 * compares itself, and arrays and collections it keys by their bytes.
 */
@CachedFactory
public final class Probe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String builtFrom;

    /** A primitive: the record compares it like {@code Double.compare}, as its bytes do. */
    public Probe(double x) {
        this.builtFrom = "double " + Double.doubleToRawLongBits(x);
    }

    /** Boxed values and a string: compared by their {@code equals}. */
    public Probe(Float x, String label) {
        this.builtFrom = "float " + (x == null ? "null" : Float.floatToRawIntBits(x)) + " " + label;
    }

    /** {@code BigDecimal.equals} compares the scale too, and so do its bytes. */
    public Probe(BigDecimal amount) {
        this.builtFrom = "decimal " + amount.unscaledValue() + "e-" + amount.scale();
    }

    /** An array compares by identity: memory is keyed by its bytes. */
    public Probe(double[] xs) {
        this.builtFrom = "doubles " + Arrays.toString(xs);
    }

    /** A list compares by its elements' equals: memory is keyed by its bytes. */
    public Probe(List<Double> xs) {
        this.builtFrom = "list " + xs;
    }

    /** A set of decimals: memory is keyed by its bytes. */
    public Probe(Set<BigDecimal> amounts) {
        this.builtFrom = "set " + amounts;
    }

    /** A record with the implicit equals: compared by its components, like its bytes. */
    public Probe(Point point) {
        this.builtFrom = "point " + Double.doubleToRawLongBits(point.x()) + " " + point.label();
    }

    /** A record with its own, looser equals: memory is keyed by its bytes. */
    public Probe(Tolerant tolerant) {
        this.builtFrom = "tolerant " + tolerant.x();
    }

    /** What this object was built from. */
    public String builtFrom() {
        return builtFrom;
    }

    @Override
    public String toString() {
        return "Probe[" + builtFrom + "]";
    }
}
