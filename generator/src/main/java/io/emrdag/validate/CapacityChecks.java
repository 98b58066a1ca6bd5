package io.emrdag.validate;

import io.emrdag.capacity.CapacityPlan;
import io.emrdag.capacity.Concurrency;
import io.emrdag.capacity.InstanceTypes;
import io.emrdag.capacity.Meter;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.PlannedGroup;
import io.emrdag.capacity.PriceTable;
import io.emrdag.capacity.QuotaUse;
import io.emrdag.capacity.Runs;
import io.emrdag.capacity.TimeText;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.model.CapacitySettings;
import io.emrdag.model.Cluster;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks that look at the whole fleet at once, after every job group is bound: instance types whose vCPUs emrdag
 * does not know (W210), and limits in {@code quotas:} that the expected peak exceeds (W209, at every job group that
 * forms the peak). {@code validate} and {@code report} run them; {@code generate} binds only changed job groups and
 * does not.
 */
public final class CapacityChecks {

    private final SourceLocator locator;

    /** @param label how the project folder is shown in diagnostics */
    public CapacityChecks(Path projectDir, String label) {
        this.locator = new SourceLocator(projectDir, label);
    }

    /**
     * What {@code validate} adds once every job group is bound: the price table {@code emrdag.yaml} names (errors),
     * unknown instance types, and the limits the expected peak exceeds (over the default model year).
     */
    public List<Diagnostic> validate(Project project) {
        Diagnostics found = new Diagnostics();
        prices(project.settings().capacity(), null, found);
        boolean waits = project.jobGroups().stream().anyMatch(g -> !g.workflow().dependsOn().isEmpty());
        if (project.settings().capacity().quotas().isEmpty() && !waits) {
            instanceTypes(project, found);
            return found.sorted();
        }
        CapacityPlan plan = CapacityPlan.of(project, ModelYear.DEFAULT_YEAR);
        List<QuotaUse> uses = project.settings().capacity().quotas().isEmpty() ? List.of() : QuotaUse.of(plan, Concurrency.of(plan));
        check(project, plan, uses).forEach(found::add);
        return found.sorted();
    }

    /**
     * Unknown instance types (W210), every job group at the peak of an exceeded limit (W209), and job groups their
     * upstream groups start faster than they run (W211).
     */
    public List<Diagnostic> check(Project project, CapacityPlan plan, List<QuotaUse> uses) {
        Diagnostics found = new Diagnostics();
        instanceTypes(project, found);
        uses.stream().filter(QuotaUse::exceeded).forEach(use -> exceeded(use, plan.year(), found));
        plan.groups().forEach(group -> backlog(group, plan.year(), found));
        return found.sorted();
    }

    /**
     * A job group whose upstream groups succeed more often than it can run: Airflow queues the runs their Assets
     * create behind {@code max_active_runs}, so the queue grows and the data it reads is ever older. A wait over a
     * day is no passing bunch of triggers.
     */
    /** A wait of more than a day, in days and hours. */
    private static String span(int minutes) {
        int days = minutes / ModelYear.MINUTES_PER_DAY;
        int hours = minutes % ModelYear.MINUTES_PER_DAY / 60;
        return days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h");
    }

    private void backlog(PlannedGroup planned, ModelYear year, Diagnostics found) {
        Runs.Wait wait = planned.runs().longestWait();
        if (wait.minutes() <= ModelYear.MINUTES_PER_DAY) {
            return;
        }
        JobGroup group = planned.group();
        SourceLocator.Found at = locator.find(group.source(), List.of("depends_on"))
                .orElse(new SourceLocator.Found("", Location.ofFile(group.source())));
        found.warning("W211", at.location(), at.path(), String.join(" + ", group.workflow().dependsOn()) + (group.workflow().dependsOn().size() == 1 ? " starts" : " start") + " it faster than it runs"
                + " (" + TimeText.duration(planned.run().minutes()) + " a run, at most " + group.timing().maxActiveRuns() + " at once):"
                + " its runs queue up, and the run that starts on " + TimeText.day(year, wait.started()) + " has waited "
                + span(wait.minutes()),
                "raise max_active_runs, shorten the steps, or wait for fewer or less frequent job groups; 'emrdag report'"
                        + " shows when it runs");
    }

    /**
     * The price table: {@code override} (a command-line option) when given, else the one {@code capacity.prices}
     * names (relative to the project folder), else none. Problems go to {@code found}.
     */
    public Optional<PriceTable> prices(CapacitySettings settings, Path override, Diagnostics found) {
        if (override == null && settings.prices() == null) {
            return Optional.empty();
        }
        Path file;
        String shown;
        try {
            file = override != null ? override : locator.resolve(settings.prices());
            shown = override != null ? override.toString()
                    : Path.of(settings.prices()).isAbsolute() ? settings.prices() : locator.label() + "/" + settings.prices();
        } catch (InvalidPathException e) {
            file = null;
            shown = Diagnostic.excerpt(settings.prices());
        }
        if (file == null || !Files.isRegularFile(file)) {
            Location at = override != null ? Location.ofFile(shown)
                    : locator.find(locator.settings(), List.of("capacity", "prices")).map(SourceLocator.Found::location)
                            .orElse(Location.ofFile(locator.settings()));
            found.error("E145", at, override != null ? "" : "capacity.prices", "price table " + shown + " not found",
                    override != null ? "check the path given to --prices"
                            : "the path is relative to the project folder; create the file or correct capacity.prices");
            return Optional.empty();
        }
        return PriceTableReader.read(file, shown, settings.currency(), found);
    }

    private void instanceTypes(Project project, Diagnostics found) {
        InstanceTypes types = InstanceTypes.with(project.settings().capacity().instanceVcpus());
        String settings = locator.settings();
        for (JobGroup group : project.jobGroups()) {
            if (group.emr().cluster() != null) {
                String profile = group.emr().cluster().profile();
                unknownTypes(group.emr().cluster(), types, found, role -> List.of(
                        List.of(group.source(), "cluster", role, "instance_type"),
                        List.of(settings, "clusters", profile, role, "instance_type"),
                        List.of(settings, "defaults", "cluster", role, "instance_type")), group.source());
            }
        }
        for (Map.Entry<String, Cluster> profile : project.profiles().entrySet()) {
            unknownTypes(profile.getValue(), types, found, role -> List.of(
                    List.of(settings, "clusters", profile.getKey(), role, "instance_type"),
                    List.of(settings, "defaults", "cluster", role, "instance_type")), settings);
        }
    }

    private void unknownTypes(Cluster cluster, InstanceTypes types, Diagnostics found,
            Function<String, List<List<String>>> candidates, String fallback) {
        List<Map.Entry<String, String>> roleTypes = new ArrayList<>();
        cluster.instanceGroups().forEach(g -> roleTypes.add(Map.entry(g.knobPrefix(), String.valueOf(g.instanceType()))));
        cluster.nodes().fleets().forEach(f -> f.instanceTypes().forEach(t -> roleTypes.add(Map.entry("fleets." + f.knobPrefix(), t.instanceType()))));
        for (Map.Entry<String, String> roleType : roleTypes) {
            String type = roleType.getValue();
            if (type.equals("null") || types.vcpus(type).isPresent()) {
                continue;
            }
            String role = roleType.getKey();
            List<List<String>> where = role.startsWith("fleets.")
                    ? candidates.apply(role).stream().map(CapacityChecks::instanceTypesOf).toList() : candidates.apply(role);
            SourceLocator.Found at = locator.first(where)
                    .orElse(new SourceLocator.Found("cluster." + role + ".instance_type", Location.ofFile(fallback)));
            String hint = hint(type, types);
            found.warning("W210", at.location(), at.path(), "unknown instance type '" + Diagnostic.excerpt(type) + "': it is not in"
                    + " emrdag's table of the instance types EMR supports, so its vCPUs are left out of the report and the quota checks",
                    hint);
        }
    }

    /** A candidate path {@code [..., "fleets.core", "instance_type"]} as the fleet's list {@code [..., "fleets", "core", "instance_types"]}. */
    private static List<String> instanceTypesOf(List<String> path) {
        List<String> out = new ArrayList<>(path.subList(0, path.size() - 2));
        out.addAll(List.of(path.get(path.size() - 2).split("\\.")));
        out.add("instance_types");
        return out;
    }

    /**
     * A size typo of a family EMR offers gets the size meant, a size EMR does not offer the sizes it does (EMR offers
     * m5 from xlarge up, EC2 also has m5.large), anything else a plausible type or the way to name its vCPUs.
     */
    static String hint(String type, InstanceTypes types) {
        String family = InstanceTypes.family(type);
        List<String> sizes = types.names().stream().filter(t -> t.startsWith(family + ".")).toList();
        Optional<String> close = DidYouMean.suggest(type, sizes.isEmpty() ? types.names() : sizes);
        if (close.isPresent()) {
            return "did you mean '" + close.get() + "'?";
        }
        String named = " or give its vCPUs in emrdag.yaml: capacity: {instance_vcpus: {" + type + ": 8}}";
        if (!sizes.isEmpty()) {
            return "EMR offers " + family + " as " + String.join(", ", sizes.stream().map(t -> t.substring(family.length() + 1)).toList())
                    + ";" + named;
        }
        return "check the type (EMR does not offer every EC2 type and size)," + named;
    }

    private void exceeded(QuotaUse use, ModelYear year, Diagnostics found) {
        Meter meter = use.meter();
        String limit = String.format(Locale.ROOT, "%,d", use.limit())
                + (meter.quotaCode() == null ? " (" + meter.setting() + ")" : " (" + meter.quotaCode() + ")");
        String when = TimeText.window(year, use.from(), use.to()) + " (over on " + TimeText.days(year, use.daysOver()) + ")";
        String share = meter.kind() == Meter.Kind.CLUSTERS ? "its cluster is one of the "
                : "its cluster takes %,d of the ";
        for (QuotaUse.Contributor contributor : use.contributors()) {
            JobGroup group = contributor.group().group();
            SourceLocator.Found at = locator.find(group.source(), List.of("schedule"))
                    .orElse(new SourceLocator.Found("", Location.ofFile(group.source())));
            found.warning("W209", at.location(), at.path(), String.format(Locale.ROOT, share, contributor.amount())
                    + String.format(Locale.ROOT, "%,d ", use.peak().value()) + meter.label() + " expected at " + when
                    + ", over the limit of " + limit, "move the schedule out of that time, use a smaller cluster, or raise the limit ("
                    + meter.setting() + " in emrdag.yaml" + (meter.quotaCode() == null ? "" : ", and the account's Service Quota "
                    + meter.quotaCode()) + "); 'emrdag report' shows who runs when");
        }
    }
}
