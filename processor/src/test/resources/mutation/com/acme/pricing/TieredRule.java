package com.acme.pricing;

import java.util.ArrayList;
import java.util.List;

/** Quantity discounts: the deepest tier whose minimum the quantity reaches applies. */
final class TieredRule extends AbstractRule {
    static final List<Tier> STANDARD_TIERS;

    static {
        List<Tier> tiers = new ArrayList<>();
        tiers.add(new Tier(100, 0.15));
        tiers.add(new Tier(10, 0.05));
        tiers.add(new Tier(1000, 0.25));
        STANDARD_TIERS = List.copyOf(tiers);
    }

    private final List<Tier> tiers;

    TieredRule(double floor, List<Tier> tiers) {
        super(floor);
        this.tiers = tiers.stream().sorted().toList();
    }

    @Override
    protected Money base(Catalog.Entry entry, int quantity) {
        double discount = tiers.stream()
                .filter(tier -> tier.minQuantity() <= quantity)
                .mapToDouble(Tier::discount)
                .max()
                .orElse(0);
        return entry.price().times(1 - discount);
    }

    /** The tiers, one a line, for the pricing team. */
    String table() {
        StringBuilder out = new StringBuilder();
        tiers.forEach(tier -> out.append(tier).append('\n'));
        return out.toString();
    }
}
