package com.acme.util;

/** Quantity buckets: prices are tabulated at the first quantity of each bucket. */
public final class Quantities {
    private static final int[] STARTS = {1, 10, 50, 100, 500, 1000};

    private Quantities() {
    }

    /** The first quantity of bucket {@code b}; past the last start, buckets double. */
    public static int bucketStart(int b) {
        if (b < STARTS.length) {
            return STARTS[b];
        }
        return STARTS[STARTS.length - 1] << (b - STARTS.length + 1);
    }

    /** The first quantity of bucket {@code b} when buckets grow by {@code base}. */
    public static int bucketStart(int b, int base) {
        return b == 0 ? 1 : base * bucketStart(b - 1, base);
    }

    /** The bucket holding {@code quantity}. */
    public static int bucketOf(int quantity) {
        int b = 0;
        while (bucketStart(b + 1) <= quantity) {
            b++;
        }
        return b;
    }

    public static String label(int b) {
        return bucketStart(b) + "+";
    }
}
