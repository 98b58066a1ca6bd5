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
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that look at the whole fleet at once, after every job group is bound: limits in {@code quotas:} that the
 * expected peak exceeds (W209, at every job group that forms the peak). An instance type emrdag does not know is an
 * error where it is written (E115, {@link ClusterBinder}). {@code validate} and {@code report} run them; {@code generate} binds only changed job groups and
 * does not.
 */
public final class CapacityChecks {

    private final SourceLocator locator;

    /** @param label how the project folder is shown in diagnostics */
    public CapacityChecks(Path projectDir, String label) {
        this(projectDir, label, Map.of());
    }

    /**
     * @param label   how the project folder is shown in diagnostics
     * @param written where the job-group files write what the findings point at ({@link ProjectBinder.Binding#written}):
     *                those files are not read again
     */
    public CapacityChecks(Path projectDir, String label, Map<String, Map<String, Location>> written) {
        this.locator = new SourceLocator(projectDir, label, written);
    }

    /**
     * What {@code validate} adds once every job group is bound: the price table {@code emrdag.yaml} names (errors),
     * and the limits the expected peak exceeds (over the default model year).
     */
    public List<Diagnostic> validate(Project project) {
        Diagnostics found = new Diagnostics();
        prices(project.settings().capacity(), null, found);
        boolean waits = project.jobGroups().stream().anyMatch(g -> !g.workflow().dependsOn().isEmpty());
        if (project.settings().capacity().quotas().isEmpty() && !waits) {
            return found.sorted();
        }
        CapacityPlan plan = CapacityPlan.of(project, ModelYear.DEFAULT_YEAR);
        List<QuotaUse> uses = project.settings().capacity().quotas().isEmpty() ? List.of() : QuotaUse.of(plan, Concurrency.of(plan));
        check(project, plan, uses).forEach(found::add);
        return found.sorted();
    }

    /**
     * Every job group at the peak of an exceeded limit (W209), and job groups their
     * upstream groups start faster than they run (W211).
     */
    public List<Diagnostic> check(Project project, CapacityPlan plan, List<QuotaUse> uses) {
        Diagnostics found = new Diagnostics();
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
