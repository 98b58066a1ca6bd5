package io.emrdag.report;

import io.emrdag.capacity.PlannedGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Places the job groups that wait for others ({@code depends_on}) and the ones they wait for as a layered graph read
 * left to right, so that a chain of loads and reports shows as the order its runs take. A job group's column is the
 * longest chain of upstreams before it: everything it waits for stands to its left. Within a column a job group sits
 * at the mean height of its upstreams, pushed down just enough not to overlap, and roots sit near what waits for
 * them, which keeps edges short without any randomness: the same project always gets the same picture (ties go by
 * id). Job groups without dependencies are left out, so that a project of hundreds draws only the part where order
 * matters.
 */
final class DependencyGraph {

    static final int MARGIN = 8;
    static final int BOX = 20;
    static final int ROW = 28;
    static final int GAP = 72;
    static final int PAD = BOX / 2;
    static final int MIN_WIDTH = 80;
    /** Ids longer than this are cut in the box; the tooltip has them in full. */
    static final int MAX_LABEL = 36;

    private DependencyGraph() {
    }

    /** The graph of {@code groups}, or {@code null} when none of them waits for another. */
    static ReportView.Graph of(List<PlannedGroup> groups, Colours colours) {
        Map<String, PlannedGroup> byId = new TreeMap<>();
        groups.forEach(g -> byId.put(g.id(), g));
        Map<String, List<String>> upstreams = new TreeMap<>();
        Map<String, Set<String>> downstreams = new TreeMap<>();
        for (PlannedGroup group : byId.values()) {
            List<String> ids = group.group().workflow().dependsOn().stream().distinct().filter(u -> byId.containsKey(u) && !u.equals(group.id())).toList();
            if (!ids.isEmpty()) {
                upstreams.put(group.id(), ids);
                ids.forEach(u -> downstreams.computeIfAbsent(u, k -> new TreeSet<>()).add(group.id()));
            }
        }
        if (upstreams.isEmpty()) {
            return null;
        }
        Set<String> drawn = new TreeSet<>(upstreams.keySet());
        drawn.addAll(downstreams.keySet());
        Map<String, Integer> columnOf = columns(drawn, upstreams, downstreams);
        List<List<String>> columns = new ArrayList<>();
        for (String id : drawn) {
            int column = columnOf.get(id);
            while (columns.size() <= column) {
                columns.add(new ArrayList<>());
            }
            columns.get(column).add(id);
        }
        Map<String, Integer> top = place(columns, upstreams, downstreams);
        int bottom = top.values().stream().mapToInt(Integer::intValue).max().orElse(0) + BOX;
        List<ReportView.Graph.Node> nodes = new ArrayList<>();
        Map<String, Integer> left = new HashMap<>();
        Map<String, Integer> right = new HashMap<>();
        int x = MARGIN;
        for (List<String> column : columns) {
            int width = column.stream().mapToInt(id -> textWidth(label(id))).max().orElse(0) + 2 * PAD;
            width = Math.max(MIN_WIDTH, width);
            for (String id : column) {
                PlannedGroup group = byId.get(id);
                left.put(id, x);
                right.put(id, x + width);
                nodes.add(new ReportView.Graph.Node(id, label(id), title(group, upstreams.getOrDefault(id, List.of()),
                        downstreams.getOrDefault(id, Set.of())), colours.layer(group.layer()), x, top.get(id), width));
            }
            x += width + GAP;
        }
        List<ReportView.Graph.Edge> edges = new ArrayList<>();
        upstreams.forEach((id, ids) -> ids.forEach(u -> edges.add(new ReportView.Graph.Edge(
                path(right.get(u), top.get(u), left.get(id), top.get(id)), u + " → " + id))));
        edges.sort(Comparator.comparing(ReportView.Graph.Edge::title));
        Set<String> layers = new TreeSet<>();
        drawn.forEach(id -> layers.add(byId.get(id).layer()));
        List<ReportView.Legend> legend = layers.stream().map(l -> new ReportView.Legend(colours.layer(l), Views.layerName(l))).toList();
        List<String> lines = upstreams.entrySet().stream().map(e -> line(byId.get(e.getKey()), e.getValue())).toList();
        return new ReportView.Graph(caption(upstreams.size(), groups.size() - drawn.size(), columns.size()), x - GAP + MARGIN,
                bottom + MARGIN, BOX, nodes, edges, legend, lines);
    }

    /**
     * Each job group's longest chain of upstreams, worked out in dependency order rather than by recursion, since a
     * chain may be thousands of job groups long. Validate refuses cycles; were one there, its job groups would go one
     * column right of their upstreams placed so far.
     */
    private static Map<String, Integer> columns(Set<String> drawn, Map<String, List<String>> upstreams,
            Map<String, Set<String>> downstreams) {
        Map<String, Integer> waiting = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        for (String id : drawn) {
            int count = upstreams.getOrDefault(id, List.of()).size();
            waiting.put(id, count);
            if (count == 0) {
                ready.add(id);
            }
        }
        Map<String, Integer> columns = new HashMap<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            columns.put(id, after(upstreams.getOrDefault(id, List.of()), columns));
            for (String downstream : downstreams.getOrDefault(id, Set.of())) {
                if (waiting.merge(downstream, -1, Integer::sum) == 0) {
                    ready.add(downstream);
                }
            }
        }
        for (String id : drawn) {
            if (!columns.containsKey(id)) {
                columns.put(id, after(upstreams.get(id), columns));
            }
        }
        return columns;
    }

    private static int after(List<String> upstreams, Map<String, Integer> columns) {
        return upstreams.stream().filter(columns::containsKey).mapToInt(u -> columns.get(u) + 1).max().orElse(0);
    }

    /**
     * Places the columns from left to right: the roots stacked in the order of the first column, everything else at
     * the mean height of its upstreams or just below the box above it. The first column starts by id and is then
     * ordered twice by the mean height of what waits for each root, so that a root sits near its downstreams.
     */
    private static Map<String, Integer> place(List<List<String>> columns, Map<String, List<String>> upstreams,
            Map<String, Set<String>> downstreams) {
        Map<String, Integer> top = stacked(columns, upstreams);
        for (int pass = 0; pass < 2; pass++) {
            Map<String, Integer> placed = top;
            columns.get(0).sort(Comparator.comparingDouble((String id) -> downstreams.getOrDefault(id, Set.of()).stream()
                    .mapToInt(placed::get).average().orElse(placed.get(id))).thenComparing(placed::get).thenComparing(id -> id));
            top = stacked(columns, upstreams);
        }
        return top;
    }

    private static Map<String, Integer> stacked(List<List<String>> columns, Map<String, List<String>> upstreams) {
        Map<String, Integer> top = new HashMap<>();
        columns.forEach(column -> stack(column, upstreams, top));
        return top;
    }

    /**
     * Orders a column by the mean height of each job group's upstreams already placed (ids break ties; one without
     * any keeps its place in the column) and puts each box there or just below the one above.
     */
    private static void stack(List<String> column, Map<String, List<String>> upstreams, Map<String, Integer> top) {
        Map<String, Integer> wanted = new HashMap<>();
        for (int i = 0; i < column.size(); i++) {
            String id = column.get(i);
            List<Integer> above = upstreams.getOrDefault(id, List.of()).stream().filter(top::containsKey).map(top::get).toList();
            wanted.put(id, above.isEmpty() ? MARGIN + i * ROW
                    : (int) Math.round(above.stream().mapToInt(Integer::intValue).average().orElse(0)));
        }
        column.sort(Comparator.comparing((String id) -> wanted.get(id)).thenComparing(id -> id));
        int next = MARGIN;
        for (String id : column) {
            int y = Math.max(wanted.get(id), next);
            top.put(id, y);
            next = y + ROW;
        }
    }

    static String label(String id) {
        return id.length() <= MAX_LABEL ? id : id.substring(0, MAX_LABEL - 1) + "…";
    }

    /** The width of {@code text} in the page's 12 px monospace font: 0.6 em a character. */
    static int textWidth(String text) {
        return (text.length() * 36 + 4) / 5;
    }

    /** From the middle of the upstream box's right side to the downstream box's left, with an open arrowhead. */
    static String path(int fromX, int fromTop, int toX, int toTop) {
        int y1 = fromTop + BOX / 2;
        int y2 = toTop + BOX / 2;
        int middle = (fromX + toX) / 2;
        int tip = toX - 1;
        return "M" + fromX + "," + y1 + "C" + middle + "," + y1 + " " + middle + "," + y2 + " " + tip + "," + y2
                + "M" + (tip - 6) + "," + (y2 - 4) + "L" + tip + "," + y2 + "L" + (tip - 6) + "," + (y2 + 4);
    }

    private static String title(PlannedGroup group, List<String> upstreams, Set<String> downstreams) {
        StringBuilder title = new StringBuilder(group.id()).append(" in ").append(Views.layerName(group.layer()));
        if (!upstreams.isEmpty()) {
            title.append(": runs after ").append(String.join(" + ", upstreams));
        }
        if (!downstreams.isEmpty()) {
            title.append(upstreams.isEmpty() ? ": " : "; ").append(String.join(", ", downstreams))
                    .append(downstreams.size() == 1 ? " waits" : " wait").append(" for it");
        }
        return title.toString();
    }

    private static String line(PlannedGroup group, List<String> upstreams) {
        String after = group.id() + " runs after " + String.join(" + ", upstreams);
        return group.cadence() == PlannedGroup.Cadence.UPSTREAM ? after : after + ", and on its schedule " + group.group().timing().schedule();
    }

    private static String caption(int waiting, int alone, int columns) {
        return Numbers.count(waiting) + (waiting == 1 ? " job group waits" : " job groups wait") + " for others (depends_on):"
                + " each runs once all its upstreams have succeeded since its last run. Left to right in " + Numbers.count(columns)
                + " columns, each job group one column right of its furthest upstream; coloured by folder; hover for details."
                + (alone == 0 ? "" : " " + Numbers.count(alone) + (alone == 1 ? " job group without dependencies is" : " job groups without"
                        + " dependencies are") + " not drawn.");
    }
}
