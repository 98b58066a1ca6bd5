package io.emrdag.report;

import io.emrdag.capacity.Footprint;
import io.emrdag.capacity.InstanceTypes;
import io.emrdag.capacity.Meter;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.Peak;
import io.emrdag.capacity.PlannedGroup;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.capacity.TimeText;
import io.emrdag.capacity.Usage;
import io.emrdag.model.CapacitySettings;
import io.emrdag.model.Market;
import io.emrdag.model.QuotaClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Formats a {@link ReportModel} into the {@link ReportView} the page template lays out. */
final class Views {

    private Views() {
    }

    static ReportView of(ReportModel model) {
        ModelYear year = model.year();
        Colours colours = new Colours(model.layers());
        CapacitySettings settings = model.plan().settings();
        int groups = model.plan().groups().size();
        int layers = model.layers().size();
        String subtitle = Numbers.count(groups) + (groups == 1 ? " job group" : " job groups") + " in " + layers
                + (layers == 1 ? " folder" : " folders") + " · model year " + year.year() + " · times in " + TimeText.zone(year)
                + " · cluster start-up " + TimeText.duration(settings.clusterStartup().toMinutes());
        List<ReportView.Window> windows = List.of(window(model, "day", colours), window(model, "week", colours));
        List<ReportView.Legend> legend = model.layers().stream().map(l -> new ReportView.Legend(colours.layer(l), layerName(l))).toList();
        return new ReportView(new ReportView.Heading("emrdag capacity report: " + model.about().project(), subtitle,
                        model.about().generator() + " from " + model.about().folder()),
                cards(model), new ReportView.QuotaTable(quotas(model), !settings.quotas().isEmpty()), windows,
                new ReportView.Costs(groupRows(model, colours), layerRows(model, colours), legend, model.prices() != null,
                        settings.currency()),
                notes(model), DependencyGraph.of(model.plan().groups(), colours));
    }

    static String layerName(String layer) {
        return layer.isEmpty() ? "(top folder)" : layer;
    }

    private static List<ReportView.Card> cards(ReportModel model) {
        ModelYear year = model.year();
        List<ReportView.Card> cards = new ArrayList<>();
        for (Meter meter : List.of(Meter.CLUSTERS, Meter.INSTANCES, Meter.VCPUS)) {
            Peak peak = model.peak(meter);
            cards.add(new ReportView.Card("Peak " + meter.label() + " at once", Numbers.count(peak.value()),
                    peak.value() == 0 ? "nothing scheduled" : TimeText.moment(year, peak.minute()), over(model, meter)));
        }
        for (Meter meter : model.concurrency().quotaMeters()) {
            Peak peak = model.peak(meter);
            cards.add(new ReportView.Card("Peak " + meter.label(), Numbers.count(peak.value()),
                    peak.value() == 0 ? "" : TimeText.moment(year, peak.minute()), over(model, meter)));
        }
        cards.add(new ReportView.Card("Instance-hours per month", Numbers.hours(model.instanceHoursPerMonth()),
                "a twelfth of the model year's runs", false));
        String currency = model.plan().settings().currency();
        cards.add(model.prices() == null
                ? new ReportView.Card("Cost per month", "—", "no price table: emrdag report --prices FILE", false)
                : new ReportView.Card("Cost per month", Numbers.money(model.costPerMonth()) + " " + currency,
                        model.unpricedGroups() == 0 ? "from " + model.prices().source()
                                : "without " + Numbers.count(model.unpricedGroups()) + " job groups that have no price", false));
        return cards;
    }

    private static boolean over(ReportModel model, Meter meter) {
        return model.quotas().stream().anyMatch(q -> q.meter().equals(meter) && q.exceeded());
    }

    private static List<ReportView.QuotaRow> quotas(ReportModel model) {
        ModelYear year = model.year();
        List<ReportView.QuotaRow> rows = new ArrayList<>();
        Set<Meter> set = new TreeSet<>();
        for (QuotaUse use : model.quotas()) {
            set.add(use.meter());
            Peak peak = use.peak();
            String when = use.exceeded() ? TimeText.window(year, use.from(), use.to())
                    : peak.value() == 0 ? "" : TimeText.moment(year, peak.minute());
            String status = use.exceeded() ? "over on " + TimeText.days(year, use.daysOver()) : "ok";
            List<String> top = use.contributors().stream().limit(5).map(c -> c.group().id() + " (" + Numbers.count(c.amount()) + ")").toList();
            String contributors = top.isEmpty() ? "" : String.join(", ", top)
                    + (use.contributors().size() > 5 ? " and " + Numbers.count(use.contributors().size() - 5L) + " more" : "");
            rows.add(new ReportView.QuotaRow(
                    new ReportView.Quota(capitalised(use.meter().label()), code(use.meter()), use.meter().setting(), Numbers.count(use.limit())),
                    new ReportView.Demand(Numbers.count(peak.value()), when, Numbers.count((long) use.limit() - peak.value()), contributors),
                    new ReportView.Verdict(status, use.exceeded())));
        }
        for (Meter meter : model.concurrency().quotaMeters()) {
            if (!set.contains(meter)) {
                Peak peak = model.peak(meter);
                rows.add(new ReportView.QuotaRow(new ReportView.Quota(capitalised(meter.label()), code(meter), meter.setting(), "not set"),
                        new ReportView.Demand(Numbers.count(peak.value()), peak.value() == 0 ? "" : TimeText.moment(year, peak.minute()), "", ""),
                        new ReportView.Verdict("not checked", false)));
            }
        }
        return rows;
    }

    private static String code(Meter meter) {
        return meter.quotaCode() == null ? "" : meter.quotaCode();
    }

    private static ReportView.Window window(ReportModel model, String id, Colours colours) {
        ModelYear year = model.year();
        boolean day = id.equals("day");
        int from = day ? year.dayStart(model.busiest().focus()) : year.weekStart(model.busiest().focus());
        int to = day ? year.dayEnd(model.busiest().focus()) : year.weekEnd(model.busiest().focus());
        String title = day ? "The peak day: " + TimeText.day(year, from) : "The peak week: " + TimeText.day(year, from) + " – "
                + TimeText.day(year, to - 1);
        String caption = day ? "The day with the year's most vCPUs at once (the first such day from the year's first Monday);"
                + " each bar is one run of a job group's cluster."
                : "The week (Monday to Sunday) of that day: weekly and monthly schedules show here.";
        List<ReportView.Chart> charts = new ArrayList<>();
        charts.add(single(model, Meter.CLUSTERS, from, to));
        charts.add(single(model, Meter.INSTANCES, from, to));
        for (Meter meter : model.concurrency().quotaMeters()) {
            charts.add(byFamily(model, meter, from, to));
        }
        int peakMinute = peakIn(model, from, to);
        String peakLabel = "busiest minute " + TimeText.clock(year, peakMinute);
        return new ReportView.Window(id, title, caption, charts, Timelines.timeline(model, from, to, peakMinute, peakLabel, colours, day));
    }

    private static int peakIn(ReportModel model, int from, int to) {
        Meter meter = model.peak(Meter.VCPUS).value() > 0 ? Meter.VCPUS : Meter.CLUSTERS;
        int[] levels = model.concurrency().levels(meter, from, to);
        int best = 0;
        for (int m = 1; m < levels.length; m++) {
            if (levels[m] > levels[best]) {
                best = m;
            }
        }
        return from + best;
    }

    private static ReportView.Chart single(ReportModel model, Meter meter, int from, int to) {
        int[] levels = model.concurrency().levels(meter, from, to);
        String title = capitalised(meter.label()) + " at once";
        return Charts.chart(title, null, model.year(), from, to, List.of(new Charts.Series(meter.label(), Colours.series(0), levels)),
                limit(model, meter));
    }

    /** A quota meter's vCPUs, stacked by instance family. */
    private static ReportView.Chart byFamily(ReportModel model, Meter meter, int from, int to) {
        Map<String, int[]> families = new TreeMap<>();
        for (PlannedGroup group : model.plan().groups()) {
            for (Footprint.Nodes nodes : group.footprint().nodes()) {
                if (nodes.quotaClass() != meter.quotaClass() || nodes.market() != meter.market() || nodes.vcpus() == 0) {
                    continue;
                }
                int[] diff = families.computeIfAbsent(InstanceTypes.family(nodes.instanceType()), f -> new int[to - from + 1]);
                group.runs().forEachIn(from, to, (start, end) -> {
                    diff[Math.max(start, from) - from] += nodes.vcpus();
                    diff[Math.min(end, to) - from] -= nodes.vcpus();
                });
            }
        }
        List<Charts.Series> stack = new ArrayList<>();
        families.forEach((family, diff) -> {
            for (int i = 1; i < diff.length; i++) {
                diff[i] += diff[i - 1];
            }
            stack.add(new Charts.Series(family + (meter.market() == Market.SPOT ? " spot" : ""), Colours.series(stack.size()),
                    Arrays.copyOf(diff, to - from)));
        });
        if (stack.isEmpty()) {
            stack.add(new Charts.Series(meter.label(), Colours.series(0), new int[to - from]));
        }
        return Charts.chart(capitalised(meter.label()) + " at once", "quota " + meter.quotaCode() + ", by instance family",
                model.year(), from, to, stack, limit(model, meter));
    }

    private static Charts.Line limit(ReportModel model, Meter meter) {
        return model.quotas().stream().filter(q -> q.meter().equals(meter)).findFirst()
                .map(q -> new Charts.Line(q.limit(), (meter.quotaCode() == null ? "limit " : "quota ") + Numbers.count(q.limit())))
                .orElse(null);
    }

    private static List<ReportView.GroupRow> groupRows(ReportModel model, Colours colours) {
        List<ReportView.GroupRow> rows = new ArrayList<>();
        for (Usage usage : model.usages()) {
            PlannedGroup group = usage.group();
            String after = "after " + String.join(" + ", group.group().workflow().dependsOn());
            String schedule = switch (group.cadence()) {
                case MANUAL -> "manual";
                case UPSTREAM -> after;
                default -> group.group().timing().schedule() + (group.group().workflow().dependsOn().isEmpty() ? "" : ", and " + after);
            };
            long minutes = group.run().duration().toMinutes();
            String run = TimeText.duration(minutes) + (group.run().assumedSteps() > 0 ? " *" : "");
            rows.add(new ReportView.GroupRow(group.id(), layerName(group.layer()), colours.layer(group.layer()), schedule,
                    new ReportView.Runs(new ReportView.Cell(Numbers.runs(usage.runsPerMonth()), Numbers.plain(usage.runsPerMonth())),
                            new ReportView.Cell(run, Long.toString(group.run().duration().getSeconds())),
                            new ReportView.Cell(group.footprint().describe(), group.footprint().describe()),
                            new ReportView.Cell(Numbers.count(group.footprint().vcpus()), Integer.toString(group.footprint().vcpus()))),
                    new ReportView.Spend(new ReportView.Cell(Numbers.hours(usage.instanceHoursPerRun()), Numbers.plain(usage.instanceHoursPerRun())),
                            new ReportView.Cell(Numbers.hours(usage.instanceHoursPerMonth()), Numbers.plain(usage.instanceHoursPerMonth())),
                            money(usage.costPerRun(), usage), money(usage.costPerMonth(), usage))));
        }
        return rows;
    }

    private static ReportView.Cell money(Double value, Usage usage) {
        if (value == null) {
            return new ReportView.Cell(usage.unpriced().isEmpty() ? "—" : "no price", "-1");
        }
        return new ReportView.Cell(Numbers.money(value) + (usage.spotAtOnDemandPrice() ? " †" : ""), Numbers.plain(value));
    }

    private static List<ReportView.LayerRow> layerRows(ReportModel model, Colours colours) {
        List<ReportView.LayerRow> rows = new ArrayList<>();
        for (String layer : model.layers()) {
            List<Usage> usages = model.usages().stream().filter(u -> u.group().layer().equals(layer)).toList();
            double hours = usages.stream().mapToDouble(Usage::instanceHoursPerMonth).sum();
            String cost = model.prices() == null ? "—"
                    : Numbers.money(usages.stream().filter(u -> u.costPerMonth() != null).mapToDouble(Usage::costPerMonth).sum());
            rows.add(new ReportView.LayerRow(layerName(layer), colours.layer(layer), Numbers.count(usages.size()), Numbers.hours(hours), cost));
        }
        return rows;
    }

    private static List<String> notes(ReportModel model) {
        CapacitySettings settings = model.plan().settings();
        List<String> notes = new ArrayList<>();
        long assumed = model.plan().groups().stream().filter(g -> g.run().assumedSteps() > 0).count();
        notes.add("A run holds its cluster for the cluster start-up (" + TimeText.duration(settings.clusterStartup().toMinutes())
                + ", capacity.cluster_startup) plus its steps' expected_duration, step_concurrency steps at a time; re-runs of failed"
                + " steps are not counted. Runs start at their cron times in the job group's time zone; a run that outlasts its"
                + " schedule holds at most max_active_runs clusters.");
        if (assumed > 0) {
            notes.add("* " + Numbers.count(assumed) + (assumed == 1 ? " job group has" : " job groups have") + " steps without expected_duration,"
                    + " assumed to take " + TimeText.duration(settings.defaultStepDuration().toMinutes())
                    + " (capacity.default_step_duration): give them one for better figures.");
        }
        Set<String> unknown = new TreeSet<>();
        Set<String> unpriced = new TreeSet<>();
        model.plan().groups().forEach(g -> g.footprint().nodes().stream().filter(n -> n.vcpusEach() == null)
                .forEach(n -> unknown.add(n.instanceType())));
        model.usages().forEach(u -> unpriced.addAll(u.unpriced()));
        if (!unknown.isEmpty()) {
            notes.add("Instance types emrdag does not know, left out of the vCPU figures (capacity.instance_vcpus names their vCPUs): "
                    + String.join(", ", unknown) + ".");
        }
        if (!unpriced.isEmpty()) {
            notes.add("Instance types without a price in " + model.prices().source() + " (their job groups show 'no price'): "
                    + String.join(", ", unpriced) + ".");
        }
        if (model.usages().stream().anyMatch(Usage::spotAtOnDemandPrice)) {
            notes.add("† Spot instances without a Spot price in the table are priced on demand: an upper bound.");
        }
        long unscheduled = model.plan().groups().stream().filter(g -> g.cadence() == PlannedGroup.Cadence.MANUAL
                || g.cadence() == PlannedGroup.Cadence.ONCE).count();
        if (unscheduled > 0) {
            notes.add(Numbers.count(unscheduled) + (unscheduled == 1 ? " job group runs" : " job groups run")
                    + " only when triggered (schedule null or @once): not on the timelines, 0 runs per month.");
        }
        notes.add("vCPUs per instance type: EC2's DefaultVCpus (Amazon EC2 instance type specifications) for the instance types"
                + " Amazon EMR supports. Quotas: EC2 counts vCPUs per instance class and market (" + QuotaClass.STANDARD.label()
                + ": " + QuotaClass.STANDARD.code(Market.ON_DEMAND) + " on demand, " + QuotaClass.STANDARD.code(Market.SPOT) + " Spot).");
        return notes;
    }

    static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
