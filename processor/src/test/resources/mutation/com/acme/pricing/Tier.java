package com.acme.pricing;

/** A quantity discount: {@code discount} off from {@code minQuantity} units on. */
record Tier(int minQuantity, double discount) implements Comparable<Tier> {
    static final double MAX_DISCOUNT = 0.5;

    Tier {
        if (minQuantity < 1) {
            throw new IllegalArgumentException("minQuantity must be positive: " + minQuantity);
        }
        discount = Math.min(discount, MAX_DISCOUNT);
    }

    @Override
    public int compareTo(Tier other) {
        return Integer.compare(minQuantity, other.minQuantity);
    }

    Tier withDiscount(double newDiscount) {
        return new Tier(minQuantity, newDiscount);
    }

    @Override
    public String toString() {
        return minQuantity + "+: " + Math.round(discount * 100) + "% off";
    }
}
