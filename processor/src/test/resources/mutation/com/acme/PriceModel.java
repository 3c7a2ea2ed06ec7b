package com.acme;

import com.acme.pricing.Catalog;
import com.acme.pricing.Money;
import com.acme.pricing.PricingRule;
import com.acme.pricing.Region;
import com.acme.pricing.Rules;
import com.acme.util.Quantities;
import com.acme.util.Rounding;
import io.cachedfactory.CachedFactory;
import io.cachedfactory.Invariant;
import io.cachedfactory.Traits;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** Gross unit prices of a region's products, in cents, by quantity bucket. */
public final class PriceModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Cents per unit of the region's currency. */
    static final int CENTS = 100;

    private final Region region;
    private final List<String> products;
    private final long[][] cents;

    @CachedFactory
    public PriceModel(Region region, List<String> products, int buckets) {
        this.region = region;
        this.products = List.copyOf(products);
        this.cents = new long[products.size()][buckets];
        Catalog catalog = Catalog.load(region);
        PricingRule rule = Rules.forRegion(region);
        for (int p = 0; p < products.size(); p++) {
            Catalog.Entry entry = catalog.find(products.get(p));
            for (int b = 0; b < buckets; b++) {
                Money net = rule.price(entry, Quantities.bucketStart(b));
                cents[p][b] = toCents(net.times(region.taxFactor()));
            }
        }
    }

    /** A model over prices computed elsewhere, for tests of the shop's code. */
    PriceModel(Region region, List<String> products, long[][] cents) {
        this.region = region;
        this.products = List.copyOf(products);
        this.cents = cents.clone();
    }

    private static long toCents(Money price) {
        return Math.round(Rounding.round(price.amount(), 2) * CENTS);
    }

    @Traits
    static List<String> columns(List<String> products) {
        return products.stream().map(product -> product + ".cents").toList();
    }

    @Invariant
    boolean isPositive() {
        return Arrays.stream(cents).allMatch(PriceModel::allPositive);
    }

    private static boolean allPositive(long[] row) {
        for (long value : row) {
            if (value <= 0) {
                return false;
            }
        }
        return true;
    }

    /** The gross unit price, in cents, of {@code product} bought {@code quantity} at a time. */
    public long unitCents(String product, int quantity) {
        int p = products.indexOf(product);
        if (p < 0) {
            throw new IllegalArgumentException("unknown product: " + product);
        }
        return cents[p][Math.min(Quantities.bucketOf(quantity), cents[p].length - 1)];
    }

    public Region region() {
        return region;
    }

    String describe() {
        return products.size() + " products in " + region.displayName() + ", "
                + cents[0].length + " buckets";
    }

    @Override
    public String toString() {
        return "PriceModel[" + region + ", " + products + "]";
    }
}
