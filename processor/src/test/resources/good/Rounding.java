package com.acme;

/** A second direct dependency. */
final class Rounding {
    private Rounding() {
    }

    static double round(double value) {
        return Math.rint(value);
    }
}
