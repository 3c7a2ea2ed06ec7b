package com.example.pricing.app;

import io.cachedfactory.runtime.FactoryStats;

/** Asks for one quote and says where it came from. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        QuoteFactory quotes = new QuoteFactory();
        FactoryStats before = quotes.stats();
        Quote quote = quotes.get("acme", 365);
        FactoryStats after = quotes.stats();

        String source = after.builds() > before.builds() ? "built"
                : after.diskHits() > before.diskHits() ? "disk" : "memory";
        System.out.println("VERSION=" + QuoteFactory.VERSION);
        System.out.println("SOURCE=" + source);
        System.out.println("TOTAL=" + quote.total());
    }
}
