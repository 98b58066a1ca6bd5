package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.JobGroup;
import io.emrdag.model.ReusedGroup;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job group's {@code depends_on}: the job groups whose success it waits for (Airflow's data-aware scheduling). What
 * one file shows is checked while binding it ({@link #bind}); what spans files, unknown ids and cycles, once every job
 * group is bound ({@link #check}).
 */
final class DependencyChecks {

    static final String KEY = "depends_on";
    /**
     * The template variables that come from a run's logical date. A run that its upstream job groups start has none on
     * Airflow 3 (its {@code logical_date} and data interval are {@code None}), and rendering fails. A name after a dot
     * ({@code dag_run.logical_date}) or a filter bar ({@code | ds}) is not one of them.
     */
    private static final Pattern LOGICAL_DATE = Pattern.compile("(?<![\\w.])(?<!\\|\\s{0,8})(ds|ds_nodash|ts|ts_nodash|ts_nodash_with_tz"
            + "|logical_date|execution_date|data_interval_start|data_interval_end|prev_data_interval_start_success"
            + "|prev_data_interval_end_success|task_instance_key_str|next_ds|next_ds_nodash|prev_ds|prev_ds_nodash|tomorrow_ds"
            + "|yesterday_ds|next_execution_date|prev_execution_date)(?!\\w)");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    /** What a dependent job group's templates write instead: the logical date when the run has one, else when it ran. */
    static final String RUN_DATE = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}";

    private DependencyChecks() {
    }

    /**
     * The upstream job-group ids of the job group {@code id} ({@code source} is its file), in the file's order, each once;
     * reports what its file alone shows to be wrong.
     *
     * @param schedule its schedule ({@code null} for none): with {@code depends_on} a timetable, not a one-off preset
     * @param target   the MWAA Airflow version: on Airflow 3 a data-triggered run has no logical date
     */
    static List<String> bind(Fields fields, String id, String source, String schedule, List<Step> steps, String target) {
        Node raw = fields.raw(KEY);
        List<String> written = fields.strings(KEY, List.of());
        if (written.isEmpty()) {
            return List.of();
        }
        if (!raw.location().file().equals(source)) {
            fields.error(KEY, "E210", "depends_on is written in emrdag.yaml; every job group would depend on these, itself included",
                    "write depends_on in the files of the job groups that wait for others");
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        List<Node> items = raw instanceof ListNode list ? list.items() : List.of();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ScalarNode item) || item.kind() == ScalarNode.Kind.NULL || item.kind() == ScalarNode.Kind.BOOLEAN) {
                continue;
            }
            String upstream = item.text();
            String path = fields.pathOf(KEY) + "[" + i + "]";
            if (upstream.equals(id)) {
                fields.diagnostics().error("E208", item.location(), path, "a job group cannot depend on itself",
                        "remove '" + Diagnostic.excerpt(id) + "' from depends_on");
            } else if (!ids.add(upstream)) {
                fields.diagnostics().warning("W226", item.location(), path, "'" + Diagnostic.excerpt(upstream) + "' is listed twice",
                        "list each upstream job group once");
            }
        }
        if (schedule != null && schedule.startsWith("@") && List.of("@once", "@continuous").contains(schedule)) {
            fields.error("schedule", "E212", "schedule " + schedule + " cannot be combined with depends_on",
                    "schedule: null runs the job group when its upstream groups have all succeeded; a cron expression or a"
                            + " preset such as @daily runs it at those times too");
        }
        if (!target.startsWith("2.")) {
            logicalDates(fields, steps);
        }
        return List.copyOf(ids);
    }

    /** Reports every step argument that reads the run's logical date (Airflow 3, a run its upstream groups start). */
    private static void logicalDates(Fields fields, List<Step> steps) {
        Node stepsNode = fields.raw("steps");
        List<Node> stepNodes = stepsNode instanceof ListNode list ? list.items() : List.of();
        for (int s = 0; s < stepNodes.size() && s < steps.size(); s++) {
            if (!(stepNodes.get(s) instanceof MapNode step) || !(step.get("args") instanceof ListNode args)) {
                continue;
            }
            for (int a = 0; a < args.items().size(); a++) {
                String path = fields.pathOf("steps") + "[" + s + "].args[" + a + "]";
                if (args.items().get(a) instanceof ScalarNode arg) {
                    logicalDate(arg.text()).ifPresent(name -> fields.diagnostics().error("E211", arg.location(),
                            path, "'" + name + "' is undefined in the runs its upstream"
                                    + " job groups start: on Airflow 3 such a run has no logical date or data interval",
                            "write " + RUN_DATE + " for the run's date (the logical date when there is one, else when the run"
                                    + " was started), on Airflow 2 and 3 alike"));
                }
            }
        }
    }

    /** The first logical-date variable a template reads, if any. */
    static Optional<String> logicalDate(String text) {
        Matcher template = TEMPLATE.matcher(text);
        while (template.find()) {
            Matcher name = LOGICAL_DATE.matcher(template.group().replaceAll("'[^']*'|\"[^\"]*\"", "''"));
            if (name.find()) {
                return Optional.of(name.group(1));
            }
        }
        return Optional.empty();
    }

    /** Where each upstream id is written in a job group's merged tree (its first mention), for {@link #check}. */
    static Map<String, Location> locations(MapNode tree) {
        Map<String, Location> at = new LinkedHashMap<>();
        if (tree != null && tree.get(KEY) instanceof ListNode list) {
            list.items().stream().filter(n -> n instanceof ScalarNode).map(n -> (ScalarNode) n).forEach(n -> at.putIfAbsent(n.text(), n.location()));
        }
        return at;
    }

    /**
     * The job groups taken over from the generation cache whose DAG files would now come out differently: their DAG
     * file names the job groups that depend on them, and those changed; or one of their upstream groups is gone (then
     * binding them again reports it where it is written).
     */
    static Set<String> stale(List<JobGroup> bound, List<ReusedGroup> reused) {
        if (reused.isEmpty()) {
            return Set.of();
        }
        Map<String, List<String>> upstreams = upstreams(bound, reused);
        Map<String, List<String>> downstreams = downstreams(upstreams);
        Set<String> stale = new HashSet<>();
        for (ReusedGroup group : reused) {
            if (!upstreams.keySet().containsAll(group.upstreams())
                    || !downstreams.getOrDefault(group.id(), List.of()).equals(group.downstreams())) {
                stale.add(group.id());
            }
        }
        return stale;
    }

    /**
     * Checks the project's dependencies as a whole: every upstream is a job group of the project, and no job groups wait
     * for each other in a cycle. Returns, for each job group others depend on, their ids.
     *
     * @param at     where each bound job group writes each of its upstream ids
     * @param failed the ids of job-group files that failed to load or bind (reported there): waiting for one is no
     *               second mistake
     * @param environment the environment bound, or {@code null}: only then does the hint speak of environments
     */
    static Map<String, List<String>> check(List<JobGroup> bound, List<ReusedGroup> reused, Map<String, Map<String, Location>> at,
            Set<String> failed, String environment, Diagnostics diagnostics) {
        Map<String, List<String>> upstreams = upstreams(bound, reused);
        for (JobGroup group : bound) {
            for (String upstream : group.dependsOn()) {
                if (!upstreams.containsKey(upstream) && !failed.contains(upstream)) {
                    Location where = at.getOrDefault(group.id(), Map.of()).getOrDefault(upstream, Location.ofFile(group.source()));
                    String hint = DidYouMean.suggest(upstream, upstreams.keySet()).map(s -> "did you mean '" + s + "'?")
                            .orElse("depends_on names job groups of this project by id (their file names)" + (environment == null ? ""
                                    : "; the job groups of one environment only ever wait for that environment's"));
                    diagnostics.error("E207", where, KEY, "unknown job group '" + Diagnostic.excerpt(upstream) + "'", hint);
                }
            }
        }
        Map<String, List<String>> known = new TreeMap<>();
        upstreams.forEach((id, ids) -> known.put(id, ids.stream().filter(u -> upstreams.containsKey(u) && !u.equals(id)).toList()));
        for (JobGroup group : bound) {
            cycle(group.id(), known).ifPresent(cycle -> diagnostics.error("E209",
                    at.getOrDefault(group.id(), Map.of()).getOrDefault(cycle.get(1), Location.ofFile(group.source())), KEY,
                    "job groups wait for each other in a cycle: " + String.join(" -> ", cycle) + " (each waits for the next);"
                            + " none of them would ever run",
                    "remove one of these dependencies"));
        }
        return downstreams(known);
    }

    /**
     * A shortest way from {@code id} through the groups it waits for back to itself: {@code [id, u1, ..., id]}, each
     * waiting for the next; empty when there is none.
     */
    private static Optional<List<String>> cycle(String id, Map<String, List<String>> upstreams) {
        Map<String, String> reachedFrom = new HashMap<>();
        List<String> frontier = List.of(id);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String current : frontier) {
                for (String upstream : upstreams.getOrDefault(current, List.of())) {
                    if (upstream.equals(id)) {
                        List<String> path = new ArrayList<>();
                        for (String step = current; !step.equals(id); step = reachedFrom.get(step)) {
                            path.add(0, step);
                        }
                        path.add(0, id);
                        path.add(id);
                        return Optional.of(path);
                    }
                    if (reachedFrom.putIfAbsent(upstream, current) == null) {
                        next.add(upstream);
                    }
                }
            }
            frontier = next;
        }
        return Optional.empty();
    }

    /** Every job group's upstream ids, bound or taken over from the cache. */
    private static Map<String, List<String>> upstreams(List<JobGroup> bound, List<ReusedGroup> reused) {
        Map<String, List<String>> upstreams = new HashMap<>();
        bound.forEach(g -> upstreams.put(g.id(), g.dependsOn()));
        reused.forEach(r -> upstreams.put(r.id(), r.upstreams()));
        return upstreams;
    }

    private static Map<String, List<String>> downstreams(Map<String, List<String>> upstreams) {
        Map<String, Set<String>> downstreams = new TreeMap<>();
        upstreams.forEach((id, ids) -> ids.forEach(u -> downstreams.computeIfAbsent(u, k -> new TreeSet<>()).add(id)));
        Map<String, List<String>> out = new TreeMap<>();
        downstreams.forEach((id, ids) -> out.put(id, List.copyOf(ids)));
        return out;
    }
}
