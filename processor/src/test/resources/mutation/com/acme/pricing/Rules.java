package com.acme.pricing;

/** Chooses the pricing rule of a region. */
public final class Rules {
    /** No net unit price goes below this, in any currency. */
    static final double FLOOR = 0.05;

    private Rules() {
    }

    public static PricingRule forRegion(Region region) {
        if (region.bulk()) {
            return new TieredRule(FLOOR, TieredRule.STANDARD_TIERS);
        }
        return new FlatRule(FLOOR);
    }

    /** The rule of the markup experiment, for the shop that runs it. */
    public static PricingRule experimental(double markup) {
        return new ExperimentalRule(markup);
    }
}
