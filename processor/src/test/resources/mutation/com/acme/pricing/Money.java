package com.acme.pricing;

import java.util.Locale;

/** An amount in a currency; amounts are never negative. */
public record Money(double amount, String currency) {

    public Money {
        if (amount < 0 || Double.isNaN(amount)) {
            throw new IllegalArgumentException("amount must be a non-negative number: " + amount);
        }
        currency = currency.toUpperCase(Locale.ROOT);
    }

    public Money times(double factor) {
        return new Money(amount * factor, currency);
    }

    Money max(Money other) {
        requireSameCurrency(other);
        return amount >= other.amount ? this : other;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount + other.amount, currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(currency + " and " + other.currency);
        }
    }

    /** For people: "12.50 EUR". */
    public String format() {
        return String.format(Locale.ROOT, "%.2f %s", amount, currency);
    }
}
