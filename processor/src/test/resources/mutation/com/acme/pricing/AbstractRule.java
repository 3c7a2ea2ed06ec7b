package com.acme.pricing;

/** A rule that never prices a unit below a floor. */
abstract class AbstractRule implements PricingRule {
    private final double floor;

    AbstractRule(double floor) {
        if (floor < 0) {
            throw new IllegalArgumentException("negative floor: " + floor);
        }
        this.floor = floor;
    }

    @Override
    public final Money price(Catalog.Entry entry, int quantity) {
        Money base = base(entry, quantity);
        return base.max(new Money(floor, base.currency()));
    }

    /** The price before the floor applies. */
    protected abstract Money base(Catalog.Entry entry, int quantity);

    /** For the support desk. */
    String explain() {
        return name() + " pricing, never below " + floor;
    }
}
