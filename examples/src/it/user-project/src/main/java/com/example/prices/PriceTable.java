package com.example.prices;

import io.cachedfactory.CachedFactory;
import java.io.Serializable;
import java.util.Arrays;

/** A year of discounted prices for one product line: expensive, so cached. */
@CachedFactory(dependsOn = Discounts.class)
public final class PriceTable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String product;
    private final long[] cents;

    public PriceTable(String product, int year) {
        this.product = product;
        this.cents = new long[365];
        long price = 1_000 + product.length() * 37L + year % 100;
        for (int day = 0; day < cents.length; day++) {
            price = price * 10_003 / 10_000 + day % 7;
            cents[day] = Discounts.apply(price);
        }
    }

    public String product() {
        return product;
    }

    public long total() {
        return Arrays.stream(cents).sum();
    }
}
