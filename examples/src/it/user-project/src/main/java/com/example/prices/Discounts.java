package com.example.prices;

/** The discount policy: a dependency of every price table. */
public final class Discounts {

    /** Percent taken off every list price. */
    static final int PERCENT = 10;

    private Discounts() {
    }

    /** The discounted price of {@code cents}, rounded down. */
    static long apply(long cents) {
        return cents * (100 - PERCENT) / 100;
    }
}
