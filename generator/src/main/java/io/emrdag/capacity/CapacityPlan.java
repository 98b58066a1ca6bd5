package io.emrdag.capacity;

import io.emrdag.model.CapacitySettings;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every job group of a project with its cluster and its runs over the model year: what the concurrency curves,
 * the quota checks, the report and the costs are computed from. Times are shown in the job groups' time zone when
 * they all share one, else in UTC.
 */
public record CapacityPlan(ModelYear year, CapacitySettings settings, InstanceTypes types, List<PlannedGroup> groups) {

    private static final ZoneId UTC = ZoneId.of("UTC");

    public CapacityPlan {
        groups = List.copyOf(groups);
    }

    /** Plans every job group of {@code project} (bound in full) over {@code year}. */
    public static CapacityPlan of(Project project, int year) {
        CapacitySettings settings = project.settings().capacity();
        InstanceTypes types = InstanceTypes.with(settings.instanceVcpus());
        ModelYear model = new ModelYear(year, zone(project.jobGroups()));
        // Thousands of job groups share a few dozen schedules: each is expanded once.
        Map<String, int[]> expanded = new ConcurrentHashMap<>();
        Map<ZoneId, CronSchedule.Days> days = new ConcurrentHashMap<>();
        List<PlannedGroup> groups = project.jobGroups().parallelStream().map(group -> plan(group, settings, types, model, expanded, days))
                .sorted(Comparator.comparing(PlannedGroup::layer).thenComparing(PlannedGroup::id)).toList();
        return new CapacityPlan(model, settings, types, withUpstreamRuns(groups, model));
    }

    /**
     * Adds the runs data-aware scheduling starts (a job group's {@code depends_on}), upstream groups first: a group
     * waiting for one that itself waits for others runs after the chain. Validate refuses cycles; were one there,
     * the group would just get no triggered runs.
     */
    private static List<PlannedGroup> withUpstreamRuns(List<PlannedGroup> groups, ModelYear year) {
        Map<String, PlannedGroup> planned = new HashMap<>();
        groups.forEach(g -> planned.put(g.id(), g));
        Map<String, PlannedGroup> done = new HashMap<>();
        return groups.stream().map(g -> resolved(g, planned, done, new HashSet<>(), year)).toList();
    }

    private static PlannedGroup resolved(PlannedGroup group, Map<String, PlannedGroup> planned, Map<String, PlannedGroup> done,
            Set<String> visiting, ModelYear year) {
        List<String> upstreamIds = group.group().workflow().dependsOn().stream().distinct().filter(planned::containsKey).toList();
        if (upstreamIds.isEmpty() || done.containsKey(group.id())) {
            return done.getOrDefault(group.id(), group);
        }
        if (!visiting.add(group.id())) {
            return group;
        }
        List<int[]> finishes = upstreamIds.stream()
                .map(id -> resolved(planned.get(id), planned, done, visiting, year).runs().finishes()).toList();
        visiting.remove(group.id());
        PlannedGroup.Cadence cadence = group.cadence() == PlannedGroup.Cadence.MANUAL ? PlannedGroup.Cadence.UPSTREAM : group.cadence();
        PlannedGroup out = new PlannedGroup(group.group(), group.layer(), group.footprint(), group.run(), cadence,
                group.runs().withTriggersAfter(finishes, year.end()));
        done.put(group.id(), out);
        return out;
    }

    private static PlannedGroup plan(JobGroup group, CapacitySettings settings, InstanceTypes types, ModelYear year,
            Map<String, int[]> expanded, Map<ZoneId, CronSchedule.Days> days) {
        Footprint footprint = group.emr().cluster() == null ? new Footprint(List.of()) : Footprint.of(group.emr().cluster(), types);
        ExpectedRun run = ExpectedRun.of(group, settings);
        String schedule = group.timing().schedule();
        PlannedGroup.Cadence cadence;
        Runs runs = Runs.NONE;
        if (schedule == null) {
            cadence = PlannedGroup.Cadence.MANUAL;
            runs = new Runs(new int[0], run.minutes(), group.timing().maxActiveRuns());
        } else if (schedule.equals("@once")) {
            cadence = PlannedGroup.Cadence.ONCE;
        } else if (schedule.equals("@continuous")) {
            cadence = PlannedGroup.Cadence.CONTINUOUS;
            runs = Runs.continuous(year.first(), year.end(), run.minutes());
        } else {
            cadence = PlannedGroup.Cadence.SCHEDULED;
            ZoneId zone = zoneOf(group);
            int[] starts = expanded.computeIfAbsent(schedule + " " + zone.getId(), key -> CronSchedule.parse(schedule)
                    .map(cron -> cron.starts(days.computeIfAbsent(zone, z -> CronSchedule.days(z, year.origin(), year.first(), year.end())),
                            year.origin(), year.first(), year.end()))
                    .orElse(new int[0]));
            runs = new Runs(starts, run.minutes(), group.timing().maxActiveRuns());
        }
        return new PlannedGroup(group, layer(group.source()), footprint, run, cadence, runs);
    }

    /** {@code raw_to_process} for {@code job-groups/raw_to_process/claims_cdc.yaml}, "" for a file at the top. */
    static String layer(String source) {
        String[] parts = source.split("/");
        return parts.length > 2 ? parts[1] : "";
    }

    private static ZoneId zone(List<JobGroup> groups) {
        List<ZoneId> zones = groups.stream().map(CapacityPlan::zoneOf).distinct().toList();
        return zones.size() == 1 ? zones.get(0) : UTC;
    }

    private static ZoneId zoneOf(JobGroup group) {
        try {
            return ZoneId.of(group.timing().timezone());
        } catch (DateTimeException | NullPointerException e) {
            return UTC;
        }
    }

    /** The job groups by id. */
    public Map<String, PlannedGroup> byId() {
        Map<String, PlannedGroup> out = new TreeMap<>();
        groups.forEach(g -> out.put(g.id(), g));
        return out;
    }
}
