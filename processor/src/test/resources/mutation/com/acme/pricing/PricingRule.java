package com.acme.pricing;

/** How a net unit price follows from the catalog and the quantity bought. */
public interface PricingRule {

    /** The net price of one unit of {@code entry} when {@code quantity} units are bought. */
    Money price(Catalog.Entry entry, int quantity);

    /** A short name for logs. */
    default String name() {
        return getClass().getSimpleName().replace("Rule", "").toLowerCase();
    }
}
