package io.emrdag.model;

/** How EC2 instances are bought: on demand, or as Spot capacity (cheaper, and reclaimed by EC2 at short notice). */
public enum Market {
    ON_DEMAND("on-demand"),
    SPOT("spot");

    private final String label;

    Market(String label) {
        this.label = label;
    }

    /** The market as EMR's API spells it ({@code ON_DEMAND}, {@code SPOT}); anything else is on demand. */
    public static Market of(String emrName) {
        return "SPOT".equals(emrName) ? SPOT : ON_DEMAND;
    }

    public String label() {
        return label;
    }
}
