package io.emrdag.capacity;

import io.emrdag.model.Market;
import java.util.Map;
import java.util.Optional;

/**
 * What an instance-hour costs, per instance type and market, from the user's price table (emrdag ships no prices:
 * they depend on the Region, the EMR uplift, discounts and the day's Spot market).
 *
 * @param source the file, as messages show it
 * @param onDemand instance type → price per instance-hour on demand
 * @param spot instance type → price per instance-hour as Spot
 */
public record PriceTable(String source, String currency, Map<String, Double> onDemand, Map<String, Double> spot) {

    /** A price and whether it stands in for a missing one. */
    public record Price(double perHour, boolean spotAtOnDemandPrice) {
    }

    public PriceTable {
        onDemand = Map.copyOf(onDemand);
        spot = Map.copyOf(spot);
    }

    /**
     * The price of one instance-hour of {@code instanceType} in {@code market}; a Spot instance without a Spot price is
     * priced on demand (an upper bound, and said so); empty when the table has no price for it.
     */
    public Optional<Price> price(String instanceType, Market market) {
        if (market == Market.SPOT && spot.containsKey(instanceType)) {
            return Optional.of(new Price(spot.get(instanceType), false));
        }
        Double onDemandPrice = onDemand.get(instanceType);
        return onDemandPrice == null ? Optional.empty() : Optional.of(new Price(onDemandPrice, market == Market.SPOT));
    }
}
