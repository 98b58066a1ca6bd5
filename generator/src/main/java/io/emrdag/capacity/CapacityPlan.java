package io.emrdag.capacity;

import io.emrdag.model.CapacitySettings;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
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
        Map<String, Minutes> expanded = new ConcurrentHashMap<>();
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
        return groups.stream().map(g -> resolved(g, planned, done, year)).toList();
    }

    /** A job group whose upstream groups are being resolved: the finishes gathered so far, the next upstream to take. */
    private record Pending(PlannedGroup group, List<String> upstreamIds, List<Minutes> finishes) {
    }

    /**
     * The group with the runs its upstream groups start, each group resolved once ({@code done}); depth-first with a
     * stack of its own, upstream groups first, since a chain of thousands of job groups in whatever file order would
     * overflow the thread's. A group met again while its own upstreams are being resolved (a cycle) counts with its
     * scheduled runs alone.
     */
    private static PlannedGroup resolved(PlannedGroup start, Map<String, PlannedGroup> planned, Map<String, PlannedGroup> done,
            ModelYear year) {
        Deque<Pending> path = new ArrayDeque<>();
        Minutes.Builder builder = new Minutes.Builder();
        Set<String> visiting = new HashSet<>();
        PlannedGroup result = enter(start, planned, done, path, visiting);
        while (!path.isEmpty()) {
            Pending top = path.peek();
            if (top.finishes().size() < top.upstreamIds().size()) {
                PlannedGroup upstream = planned.get(top.upstreamIds().get(top.finishes().size()));
                PlannedGroup entered = enter(upstream, planned, done, path, visiting);
                if (entered != null) {
                    top.finishes().add(entered.runs().finishes());
                }
                continue;
            }
            path.pop();
            PlannedGroup group = top.group();
            visiting.remove(group.id());
            PlannedGroup.Cadence cadence = group.cadence() == PlannedGroup.Cadence.MANUAL ? PlannedGroup.Cadence.UPSTREAM : group.cadence();
            PlannedGroup out = new PlannedGroup(group.group(), group.layer(), group.footprint(), group.run(), cadence,
                    group.runs().withTriggersAfter(top.finishes(), year.end(), builder));
            done.put(group.id(), out);
            if (path.isEmpty()) {
                result = out;
            } else {
                path.peek().finishes().add(out.runs().finishes());
            }
        }
        return result;
    }

    /** The group as it stands when nothing is left to resolve, else {@code null} with its upstreams pushed to resolve. */
    private static PlannedGroup enter(PlannedGroup group, Map<String, PlannedGroup> planned, Map<String, PlannedGroup> done,
            Deque<Pending> path, Set<String> visiting) {
        List<String> upstreamIds = group.group().workflow().dependsOn().stream().distinct().filter(planned::containsKey).toList();
        if (upstreamIds.isEmpty() || done.containsKey(group.id())) {
            return done.getOrDefault(group.id(), group);
        }
        if (!visiting.add(group.id())) {
            return group;
        }
        path.push(new Pending(group, upstreamIds, new ArrayList<>()));
        return null;
    }

    private static PlannedGroup plan(JobGroup group, CapacitySettings settings, InstanceTypes types, ModelYear year,
            Map<String, Minutes> expanded, Map<ZoneId, CronSchedule.Days> days) {
        Footprint footprint = group.emr().cluster() == null ? new Footprint(List.of()) : Footprint.of(group.emr().cluster(), types);
        ExpectedRun run = ExpectedRun.of(group, settings);
        String schedule = group.timing().schedule();
        PlannedGroup.Cadence cadence;
        Runs runs = Runs.NONE;
        if (schedule == null) {
            cadence = PlannedGroup.Cadence.MANUAL;
            runs = new Runs(Minutes.NONE, run.minutes(), group.timing().maxActiveRuns());
        } else if (schedule.equals("@once")) {
            cadence = PlannedGroup.Cadence.ONCE;
        } else if (schedule.equals("@continuous")) {
            cadence = PlannedGroup.Cadence.CONTINUOUS;
            runs = Runs.continuous(year.first(), year.end(), run.minutes());
        } else {
            cadence = PlannedGroup.Cadence.SCHEDULED;
            ZoneId zone = zoneOf(group);
            Minutes starts = expanded.computeIfAbsent(schedule + " " + zone.getId(), key -> Minutes.of(CronSchedule.parse(schedule)
                    .map(cron -> cron.starts(days.computeIfAbsent(zone, z -> CronSchedule.days(z, year.origin(), year.first(), year.end())),
                            year.origin(), year.first(), year.end()))
                    .orElse(new int[0])));
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
