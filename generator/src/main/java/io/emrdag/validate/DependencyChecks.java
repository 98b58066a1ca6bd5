package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.GroupSummary;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
     * Checks the project's dependencies as a whole: every upstream is a job group of the project, and no job groups wait
     * for each other in a cycle. Returns, for each job group others depend on, their ids.
     *
     * @param at     where each bound job group writes each of its upstream ids
     * @param failed the ids of job-group files that failed to load or bind (reported there): waiting for one is no
     *               second mistake
     * @param environment the environment bound, or {@code null}: only then does the hint speak of environments
     */
    static Map<String, List<String>> check(List<JobGroup> bound, List<GroupSummary> given, Map<String, Map<String, Location>> at,
            Set<String> failed, String environment, Diagnostics diagnostics) {
        Map<String, List<String>> upstreams = upstreams(bound, given);
        for (JobGroup group : bound) {
            for (String upstream : group.workflow().dependsOn()) {
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
        boolean waits = false;
        for (Map.Entry<String, List<String>> e : upstreams.entrySet()) {
            List<String> ids = e.getValue().isEmpty() ? List.of()
                    : e.getValue().stream().filter(u -> upstreams.containsKey(u) && !u.equals(e.getKey())).toList();
            known.put(e.getKey(), ids);
            waits |= !ids.isEmpty();
        }
        if (!waits) {
            // No job group waits for another: no cycle, no downstreams (most projects).
            return new TreeMap<>();
        }
        Graph graph = Graph.of(known);
        int[] component = graph.components();
        for (JobGroup group : bound) {
            graph.cycle(group.id(), component).ifPresent(cycle -> diagnostics.error("E209",
                    at.getOrDefault(group.id(), Map.of()).getOrDefault(cycle.get(1), Location.ofFile(group.source())), KEY,
                    "job groups wait for each other in a cycle: " + String.join(" -> ", cycle) + " (each waits for the next);"
                            + " none of them would ever run",
                    "remove one of these dependencies"));
        }
        return downstreams(known);
    }

    /**
     * The project's job groups as numbered vertices, each with the groups it waits for (in its {@code depends_on}
     * order), so that the cycle check costs one pass over groups and edges, not one walk of the upstreams per group: a
     * chain of thousands of job groups is the common shape.
     */
    private record Graph(List<String> ids, Map<String, Integer> index, int[][] edges) {

        static Graph of(Map<String, List<String>> upstreams) {
            List<String> ids = List.copyOf(upstreams.keySet());
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                index.put(ids.get(i), i);
            }
            int[][] edges = new int[ids.size()][];
            for (int i = 0; i < ids.size(); i++) {
                edges[i] = upstreams.get(ids.get(i)).stream().mapToInt(index::get).toArray();
            }
            return new Graph(ids, index, edges);
        }

        /**
         * Tarjan's strongly connected components, iterative (a chain of 10,000 job groups is 10,000 deep): for each
         * vertex, the number of its component; job groups that wait for each other share one.
         */
        int[] components() {
            int n = edges.length;
            int[] order = new int[n];
            int[] low = new int[n];
            int[] component = new int[n];
            int[] next = new int[n];
            Arrays.fill(order, -1);
            int[] stack = new int[n];
            int stackSize = 0;
            boolean[] onStack = new boolean[n];
            int[] path = new int[n];
            int counter = 0;
            int components = 0;
            for (int root = 0; root < n; root++) {
                if (order[root] >= 0) {
                    continue;
                }
                int depth = 0;
                path[depth++] = root;
                order[root] = low[root] = counter++;
                stack[stackSize++] = root;
                onStack[root] = true;
                while (depth > 0) {
                    int v = path[depth - 1];
                    if (next[v] < edges[v].length) {
                        int w = edges[v][next[v]++];
                        if (order[w] < 0) {
                            order[w] = low[w] = counter++;
                            stack[stackSize++] = w;
                            onStack[w] = true;
                            path[depth++] = w;
                        } else if (onStack[w]) {
                            low[v] = Math.min(low[v], order[w]);
                        }
                        continue;
                    }
                    depth--;
                    if (depth > 0) {
                        int parent = path[depth - 1];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                    if (low[v] == order[v]) {
                        int w;
                        do {
                            w = stack[--stackSize];
                            onStack[w] = false;
                            component[w] = components;
                        } while (w != v);
                        components++;
                    }
                }
            }
            return component;
        }

        /**
         * A shortest way from {@code id} through the groups it waits for back to itself: {@code [id, u1, ..., id]},
         * each waiting for the next; empty when there is none. Breadth-first within {@code id}'s component only (a
         * group outside it never leads back), visiting upstreams in {@code depends_on} order, so that ties break as
         * they always have.
         */
        Optional<List<String>> cycle(String id, int[] component) {
            Integer start = index.get(id);
            if (start == null || !cyclic(start, component)) {
                return Optional.empty();
            }
            Map<Integer, Integer> reachedFrom = new HashMap<>();
            List<Integer> frontier = List.of(start);
            while (!frontier.isEmpty()) {
                List<Integer> nextFrontier = new ArrayList<>();
                for (int current : frontier) {
                    for (int upstream : edges[current]) {
                        if (component[upstream] != component[start]) {
                            continue;
                        }
                        if (upstream == start) {
                            List<String> path = new ArrayList<>();
                            for (int step = current; step != start; step = reachedFrom.get(step)) {
                                path.add(ids.get(step));
                            }
                            path.add(id);
                            Collections.reverse(path);
                            path.add(id);
                            return Optional.of(path);
                        }
                        if (reachedFrom.putIfAbsent(upstream, current) == null) {
                            nextFrontier.add(upstream);
                        }
                    }
                }
                frontier = nextFrontier;
            }
            return Optional.empty();
        }

        /** Whether the vertex shares its component with another (no edge leads from a vertex to itself here). */
        private boolean cyclic(int vertex, int[] component) {
            for (int upstream : edges[vertex]) {
                if (component[upstream] == component[vertex]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every job group's upstream ids, bound or known. */
    private static Map<String, List<String>> upstreams(List<JobGroup> bound, List<GroupSummary> known) {
        Map<String, List<String>> upstreams = new HashMap<>();
        bound.forEach(g -> upstreams.put(g.id(), g.workflow().dependsOn()));
        known.forEach(k -> upstreams.put(k.id(), k.upstreams()));
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
