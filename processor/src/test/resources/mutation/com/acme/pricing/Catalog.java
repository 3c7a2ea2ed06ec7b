package com.acme.pricing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The products each region sells, with their net unit prices. */
public final class Catalog {
    private static final String[] SKUS = {"apple", "pear", "melon", "fig"};
    private static final double[] NET_PRICES = {0.40, 0.55, 2.10, 0.90};
    private static final Map<Region, List<Entry>> ENTRIES;

    static {
        Map<Region, List<Entry>> entries = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            List<Entry> list = new ArrayList<>();
            for (int i = 0; i < SKUS.length; i++) {
                list.add(new Entry(SKUS[i], NET_PRICES[i] * region.priceLevel(),
                        region.currency()));
            }
            entries.put(region, List.copyOf(list));
        }
        ENTRIES = Collections.unmodifiableMap(entries);
    }

    private final Region region;
    private final List<Entry> entries;

    private Catalog(Region region, List<Entry> entries) {
        this.region = region;
        this.entries = entries;
    }

    public static Catalog load(Region region) {
        return new Catalog(region, ENTRIES.getOrDefault(region, List.of()));
    }

    public Entry find(String sku) {
        return entries.stream().filter(entry -> entry.sku.equals(sku)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "not in the " + region + " catalog: " + sku));
    }

    public int size() {
        return entries.size();
    }

    /** One product of a catalog. */
    public static final class Entry {
        final String sku;
        final double netPrice;
        final String currency;

        Entry(String sku, double netPrice, String currency) {
            this.sku = sku;
            this.netPrice = netPrice;
            this.currency = currency;
        }

        Money price() {
            return new Money(netPrice, currency);
        }

        @Override
        public String toString() {
            return sku + " at " + netPrice + " " + currency;
        }
    }
}
