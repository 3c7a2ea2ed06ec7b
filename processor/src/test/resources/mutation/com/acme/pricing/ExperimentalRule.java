package com.acme.pricing;

/** A markup over the catalog price, tried in one shop; no region uses it yet. */
final class ExperimentalRule implements PricingRule {
    private final double markup;

    ExperimentalRule(double markup) {
        this.markup = markup;
    }

    @Override
    public Money price(Catalog.Entry entry, int quantity) {
        return entry.price().times(1 + markup);
    }
}
