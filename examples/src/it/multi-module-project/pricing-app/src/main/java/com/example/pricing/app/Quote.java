package com.example.pricing.app;

import com.example.pricing.core.Rates;
import io.cachedfactory.CachedFactory;
import java.io.Serializable;

/** A customer's quote over a number of days: expensive, so cached. Declares no dependencies. */
@CachedFactory
public final class Quote implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long total;

    public Quote(String customer, int days) {
        long sum = 0;
        long price = 2_000 + customer.length() * 11L;
        for (int day = 0; day < days; day++) {
            price = price * 10_001 / 10_000 + day % 5;
            sum += Rates.markup(price);
        }
        this.total = sum;
    }

    public long total() {
        return total;
    }
}
