package com.acme.pricing;

/** The catalog price, whatever the quantity. */
final class FlatRule extends AbstractRule {

    FlatRule(double floor) {
        super(floor);
    }

    @Override
    protected Money base(Catalog.Entry entry, int quantity) {
        return entry.price();
    }
}
