package io.cachedfactory.examples.memory;

import java.io.Serializable;

/** A record argument with the implicit equals: the generated record keys memory by it. */
public record Point(double x, String label) implements Serializable {
}
