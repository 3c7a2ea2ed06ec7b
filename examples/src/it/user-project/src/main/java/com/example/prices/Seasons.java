package com.example.prices;

/**
 * Seasonal surcharges. Not listed in {@code dependsOn}: the fingerprint finds it because the
 * price table's constructor calls {@link #factor(int)}.
 */
final class Seasons {

    private Seasons() {
    }

    /** Cents added per unit of price in the season of {@code day} (0 to 364). */
    static long factor(int day) {
        return day < 60 || day >= 330 ? 3 : 1;
    }
}
