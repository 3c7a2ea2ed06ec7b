package com.example.pricing.core;

/** Rates shared by every pricing module. */
public final class Rates {

    private Rates() {
    }

    /** {@code cents} with the standard markup. Quotes call it while they are built. */
    public static long markup(long cents) {
        return cents * 105 / 100;
    }

    /** A label for reports. Nothing a quote builds calls it. */
    public static String label() {
        return "standard markup";
    }
}
