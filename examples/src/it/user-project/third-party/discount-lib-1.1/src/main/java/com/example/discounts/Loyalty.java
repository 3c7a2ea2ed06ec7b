package com.example.discounts;

/** The loyalty rebate of discount-lib 1.1: 2.5 percent. */
public final class Loyalty {

    private Loyalty() {
    }

    /** {@code cents} less the loyalty rebate, rounded up. */
    public static long rebate(long cents) {
        return cents - cents / 40;
    }
}
