package io.emrdag.capacity;

import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import io.emrdag.model.Quotas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One limit from {@code quotas:} against the expected peak of what it limits.
 *
 * @param from first minute of the stretch around the peak that is over the limit, on the peak's day
 *     ({@code peak.minute()} when within the limit)
 * @param to the minute after that stretch (at most the peak day's end)
 * @param daysOver the days of the model year on which the limit is exceeded at some minute
 * @param contributors the job groups whose clusters run at the peak minute and count against the limit, most first
 */
public record QuotaUse(Meter meter, int limit, Peak peak, int from, int to, int daysOver, List<Contributor> contributors) {

    /** A job group at the peak and how much of the limit its cluster takes. */
    public record Contributor(PlannedGroup group, int amount) {
    }

    public QuotaUse {
        contributors = List.copyOf(contributors);
    }

    public boolean exceeded() {
        return peak.value() > limit;
    }

    /** Every limit {@code quotas:} sets, in a fixed order: clusters, instances, then vCPUs per market and class. */
    public static List<QuotaUse> of(CapacityPlan plan, Concurrency concurrency) {
        Quotas quotas = plan.settings().quotas();
        List<QuotaUse> out = new ArrayList<>();
        if (quotas.clusters() != null) {
            out.add(use(plan, concurrency, Meter.CLUSTERS, quotas.clusters()));
        }
        if (quotas.instances() != null) {
            out.add(use(plan, concurrency, Meter.INSTANCES, quotas.instances()));
        }
        for (Market market : Market.values()) {
            for (Map.Entry<QuotaClass, Integer> quota : quotas.vcpus(market).entrySet()) {
                out.add(use(plan, concurrency, Meter.vcpus(quota.getKey(), market), quota.getValue()));
            }
        }
        return out;
    }

    private static QuotaUse use(CapacityPlan plan, Concurrency concurrency, Meter meter, int limit) {
        Peak peak = concurrency.peak(meter);
        if (peak.value() <= limit) {
            return new QuotaUse(meter, limit, peak, peak.minute(), peak.minute(), 0, List.of());
        }
        ModelYear year = plan.year();
        int[] levels = concurrency.levels(meter, year.first(), year.end());
        int from = peak.minute();
        int dayStart = year.dayStart(from);
        while (from > dayStart && levels[from - 1 - year.first()] > limit) {
            from--;
        }
        int to = peak.minute() + 1;
        int dayEnd = year.dayEnd(peak.minute());
        while (to < dayEnd && levels[to - year.first()] > limit) {
            to++;
        }
        int days = 0;
        for (int day = 0; day < year.minutes(); day = year.dayEnd(day)) {
            int end = year.dayEnd(day);
            for (int minute = day; minute < end; minute++) {
                if (levels[minute - year.first()] > limit) {
                    days++;
                    break;
                }
            }
        }
        List<Contributor> contributors = new ArrayList<>();
        for (PlannedGroup group : plan.groups()) {
            int amount = meter.amount(group.footprint());
            if (amount > 0 && group.runs().covers(peak.minute())) {
                contributors.add(new Contributor(group, amount));
            }
        }
        contributors.sort(Comparator.comparingInt(Contributor::amount).reversed().thenComparing(c -> c.group().id()));
        return new QuotaUse(meter, limit, peak, from, to, days, contributors);
    }
}
