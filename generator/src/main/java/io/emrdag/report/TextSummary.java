package io.emrdag.report;

import io.emrdag.capacity.Meter;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.Peak;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.capacity.TimeText;
import io.emrdag.capacity.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's figures as plain text for a CI log: peaks, limits, instance-hours, cost, the largest job groups. */
final class TextSummary {

    static final int TOP = 10;

    private TextSummary() {
    }

    static List<String> lines(ReportModel model) {
        ModelYear year = model.year();
        List<String> lines = new ArrayList<>();
        int groups = model.plan().groups().size();
        lines.add(Numbers.count(groups) + (groups == 1 ? " job group" : " job groups") + ", model year " + year.year()
                + ", times in " + TimeText.zone(year));
        List<Meter> meters = new ArrayList<>(List.of(Meter.CLUSTERS, Meter.INSTANCES, Meter.VCPUS));
        meters.addAll(model.concurrency().quotaMeters());
        for (Meter meter : meters) {
            Peak peak = model.peak(meter);
            String limit = model.quotas().stream().filter(q -> q.meter().equals(meter)).findFirst().map(q -> limit(q, year))
                    .orElse(meter.quotaClass() == null ? "" : "  quota " + meter.quotaCode() + " not set");
            lines.add(String.format(Locale.ROOT, "  peak %-28s %8s  %s%s", meter.label(), Numbers.count(peak.value()),
                    peak.value() == 0 ? "-" : TimeText.moment(year, peak.minute()), limit));
        }
        String cost = model.prices() == null ? "no price table (--prices FILE)"
                : Numbers.money(model.costPerMonth()) + " " + model.plan().settings().currency() + " per month"
                        + (model.unpricedGroups() == 0 ? "" : " (" + Numbers.count(model.unpricedGroups()) + " job groups without a price)");
        lines.add("  instance-hours per month: " + Numbers.hours(model.instanceHoursPerMonth()) + "; cost: " + cost);
        List<Usage> top = model.usages().stream().filter(u -> u.runsPerMonth() > 0).limit(TOP).toList();
        if (!top.isEmpty()) {
            lines.add("  largest job groups (instance-hours per month):");
            int width = top.stream().mapToInt(u -> u.group().id().length()).max().orElse(10);
            for (Usage usage : top) {
                String money = usage.costPerMonth() == null ? "" : "  " + Numbers.money(usage.costPerMonth()) + " per month";
                lines.add(String.format(Locale.ROOT, "    %-" + width + "s  %10s h  %6s run%s  %s%s", usage.group().id(),
                        Numbers.hours(usage.instanceHoursPerMonth()), Numbers.runs(usage.runsPerMonth()), usage.runsPerMonth() == 1 ? " " : "s", usage.group().footprint().describe(), money));
            }
        }
        return lines;
    }

    private static String limit(QuotaUse use, ModelYear year) {
        String name = use.meter().quotaCode() == null ? "limit" : "quota " + use.meter().quotaCode();
        return "  " + name + " " + Numbers.count(use.limit()) + (use.exceeded()
                ? ": OVER on " + TimeText.days(year, use.daysOver()) + ", " + TimeText.window(year, use.from(), use.to()) : ": ok");
    }
}
