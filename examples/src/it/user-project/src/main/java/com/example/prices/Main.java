package com.example.prices;

import io.cachedfactory.runtime.FactoryStats;

/** Asks for one price table and says where it came from. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PriceTableFactory tables = new PriceTableFactory();
        FactoryStats before = tables.stats();
        PriceTable table = tables.get("widgets", 2024);
        FactoryStats after = tables.stats();

        String source = after.builds() > before.builds() ? "built"
                : after.diskHits() > before.diskHits() ? "disk" : "memory";
        System.out.println("VERSION=" + PriceTableFactory.VERSION);
        System.out.println("SOURCE=" + source);
        System.out.println("TOTAL=" + table.total());
    }
}
