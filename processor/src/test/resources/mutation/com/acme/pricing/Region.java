package com.acme.pricing;

/** Where prices apply: each region has its currency, its taxes and its price level. */
public enum Region {
    EU("EUR", 0.20) {
        @Override
        public double taxFactor() {
            return 1 + vat;
        }
    },
    US("USD", 0.0) {
        @Override
        public double taxFactor() {
            return 1.0;
        }

        @Override
        boolean bulk() {
            return true;
        }
    },
    CH("CHF", 0.081) {
        @Override
        public double taxFactor() {
            return 1 + vat - REBATE;
        }

        @Override
        double priceLevel() {
            return 1.4;
        }
    };

    /** The part of the tax a region refunds on every sale. */
    static final double REBATE = 0.001;

    final String currency;
    final double vat;

    Region(String currency, double vat) {
        this.currency = currency;
        this.vat = vat;
    }

    /** The factor that turns a net price into the gross one. */
    public abstract double taxFactor();

    /** Whether quantity discounts apply. */
    boolean bulk() {
        return false;
    }

    /** Catalog prices are multiplied by this. */
    double priceLevel() {
        return 1.0;
    }

    public String currency() {
        return currency;
    }

    public String displayName() {
        return name().charAt(0) + name().substring(1).toLowerCase() + " (" + currency + ")";
    }

    public long vatPercent() {
        return Math.round(vat * 100);
    }
}
