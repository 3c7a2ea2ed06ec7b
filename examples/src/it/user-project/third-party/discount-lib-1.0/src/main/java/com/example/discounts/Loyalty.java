package com.example.discounts;

/** The loyalty rebate of discount-lib 1.0: 2 percent. */
public final class Loyalty {

    private Loyalty() {
    }

    /** {@code cents} less the loyalty rebate, rounded up. */
    public static long rebate(long cents) {
        return cents - cents / 50;
    }
}
