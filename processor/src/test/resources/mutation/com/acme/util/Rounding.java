package com.acme.util;

/** Rounding of amounts to a number of decimals, half up. */
public final class Rounding {

    private Rounding() {
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    public static double roundUp(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.ceil(value * scale) / scale;
    }
}
