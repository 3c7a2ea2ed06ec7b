package com.example.prices;

import com.example.discounts.Loyalty;
import io.cachedfactory.CachedFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A year of discounted prices for one product line: expensive, so cached. Only {@link Discounts}
 * is declared; the fingerprint finds the rest of what the constructor reaches: {@link Seasons},
 * the library's {@link Loyalty} and the resource {@value #HOLIDAYS}.
 */
@CachedFactory(dependsOn = Discounts.class)
public final class PriceTable implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Days with the holiday discount, next to this class on the class path. */
    private static final String HOLIDAYS = "holidays.txt";

    private final String product;
    private final long[] cents;

    public PriceTable(String product, int year) {
        this.product = product;
        this.cents = new long[365];
        boolean[] holidays = holidays();
        long price = 1_000 + product.length() * 37L + year % 100;
        for (int day = 0; day < cents.length; day++) {
            price = price * 10_003 / 10_000 + day % 7 + Seasons.factor(day);
            long discounted = Loyalty.rebate(Discounts.apply(price));
            cents[day] = holidays[day] ? discounted / 2 : discounted;
        }
    }

    private static boolean[] holidays() {
        boolean[] days = new boolean[365];
        try (InputStream in = PriceTable.class.getResourceAsStream(HOLIDAYS)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> days[Integer.parseInt(line)] = true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return days;
    }

    public String product() {
        return product;
    }

    /** One line for a report; construction never calls it. */
    public String describe() {
        return product + ": " + cents.length + " days";
    }

    public long total() {
        return Arrays.stream(cents).sum();
    }
}
