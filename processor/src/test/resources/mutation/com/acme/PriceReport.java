package com.acme;

import java.util.ArrayList;
import java.util.List;

/** A plain-text price list for the shop floor, written by the reporting job from a model. */
public final class PriceReport {
    static final String HEADER = "product;quantity;cents";

    private final List<String> lines = new ArrayList<>();
    private final PriceModel model;

    {
        lines.add(HEADER);
    }

    public PriceReport(PriceModel model) {
        this.model = model;
    }

    public PriceReport add(String product, int quantity) {
        lines.add(product + ";" + quantity + ";" + model.unitCents(product, quantity));
        return this;
    }

    public String render() {
        return String.join("\n", lines) + "\n";
    }

    /** For the support desk: what the model holds, without its prices. */
    static String debug(PriceModel model) {
        return model.describe() + " (" + model.region().vatPercent() + "% VAT)";
    }
}
