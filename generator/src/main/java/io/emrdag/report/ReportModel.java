package io.emrdag.report;

import io.emrdag.capacity.CapacityPlan;
import io.emrdag.capacity.Concurrency;
import io.emrdag.capacity.Meter;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.Peak;
import io.emrdag.capacity.PriceTable;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.capacity.Usage;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every figure the report shows, computed once from the capacity plan; the HTML page and the text summary only format
 * them. The day and the week shown are the ones with the year's highest vCPU peak (clusters when no vCPUs are
 * known), so that the busiest moment is always on the page.
 *
 * @param about   whose report it is and what made it
 * @param prices  {@code null} without a price table
 * @param busiest the peaks and the moment the page is centred on
 */
public record ReportModel(About about, CapacityPlan plan, Concurrency concurrency, List<QuotaUse> quotas,
        PriceTable prices, List<Usage> usages, Busiest busiest) {

    public ReportModel {
        quotas = List.copyOf(quotas);
        usages = List.copyOf(usages);
    }

    /**
     * Whose report it is and what made it: the page's heading.
     *
     * @param project   the project's name ({@code project:} in emrdag.yaml)
     * @param folder    the project folder as messages show it
     * @param generator what made the report ({@code emrdag 0.1.0})
     */
    public record About(String project, String folder, String generator) {
    }

    /**
     * The year's peaks per meter and the minute the page's day and week are chosen by.
     *
     * @param focus the minute of the highest vCPU peak (clusters when no vCPUs are known)
     */
    public record Busiest(Map<Meter, Peak> peaks, int focus) {

        public Busiest {
            peaks = Collections.unmodifiableMap(new TreeMap<>(peaks));
        }
    }

    public static ReportModel of(String project, String folder, String generator, CapacityPlan plan, Concurrency concurrency,
            List<QuotaUse> quotas, PriceTable prices) {
        Map<Meter, Peak> peaks = new TreeMap<>();
        concurrency.meters().forEach(m -> peaks.put(m, concurrency.peak(m)));
        Peak peak = peaks.get(Meter.VCPUS).value() > 0 ? peaks.get(Meter.VCPUS) : peaks.get(Meter.CLUSTERS);
        int focus = peak.minute();
        List<Usage> usages = plan.groups().stream().map(g -> Usage.of(g, plan.year(), prices))
                .sorted(Comparator.comparingDouble(Usage::instanceHoursPerMonth).reversed().thenComparing(u -> u.group().id()))
                .toList();
        return new ReportModel(new About(project, folder, generator), plan, concurrency, quotas, prices, usages,
                new Busiest(peaks, focus));
    }

    public ModelYear year() {
        return plan.year();
    }

    public Peak peak(Meter meter) {
        return busiest.peaks().getOrDefault(meter, new Peak(meter, 0, 0));
    }

    public double instanceHoursPerMonth() {
        return usages.stream().mapToDouble(Usage::instanceHoursPerMonth).sum();
    }

    /** The monthly cost of the job groups that could be priced. */
    public double costPerMonth() {
        return usages.stream().filter(u -> u.costPerMonth() != null).mapToDouble(Usage::costPerMonth).sum();
    }

    /** Scheduled job groups that could not be priced (an instance type without a price). */
    public long unpricedGroups() {
        return prices == null ? 0 : usages.stream().filter(u -> u.costPerRun() == null && u.runsPerMonth() > 0).count();
    }

    /** The layers (folders) in order, "" for job groups at the top of the project folder. */
    public List<String> layers() {
        return plan.groups().stream().map(g -> g.layer()).distinct().sorted().toList();
    }
}
