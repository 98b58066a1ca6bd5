package io.emrdag.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.capacity.CapacityPlan;
import io.emrdag.capacity.ModelYear;
import io.emrdag.capacity.PlannedGroup;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's dependency graph: drawn only when job groups wait for others, each node and edge once, in its column. */
class DependencyGraphTest {

    @TempDir
    Path tmp;

    /** a and b load; report waits for both; summary for report; audit for a and summary (its longest chain is 3). */
    private static final Map<String, String> CHAIN = Map.of(
            "a", "schedule: \"0 2 * * *\"",
            "b", "schedule: \"30 3 * * *\"",
            "report", "schedule: null\ndepends_on: [a, b]",
            "summary", "schedule: null\ndepends_on: [report]",
            "audit", "schedule: \"0 7 1 * *\"\ndepends_on: [a, summary]",
            "alone", "schedule: \"0 4 * * *\"");

    private Path project(Map<String, String> groups) {
        Map<String, String> files = new TreeMap<>();
        files.put("emrdag.yaml", TestProjects.SETTINGS);
        groups.forEach((file, head) -> files.put(file + ".yaml", TestProjects.JOB_GROUP.replace("schedule: \"0 2 * * *\"", head)));
        return TestProjects.project(tmp, files);
    }

    private static CapacityPlan plan(Path project) {
        Diagnostics diagnostics = new Diagnostics();
        Project bound = TestProjects.bind(project, diagnostics);
        assertEquals(List.of(), diagnostics.sorted());
        return CapacityPlan.of(bound, ModelYear.DEFAULT_YEAR);
    }

    private static ReportView.Graph graph(List<PlannedGroup> groups) {
        return DependencyGraph.of(groups, new Colours(groups.stream().map(PlannedGroup::layer).distinct().sorted().toList()));
    }

    private String page(Path project) throws IOException {
        Path html = tmp.resolve("report.html");
        new Emrdag().report(new ReportRequest(project, html));
        return Files.readString(html);
    }

    @Test
    void aProjectWithoutDependsOnHasNoGraphSection() throws IOException {
        Path project = project(Map.of("a", "schedule: \"0 2 * * *\"", "b", "schedule: null"));
        assertNull(graph(plan(project).groups()));
        String page = page(project);
        assertFalse(page.contains("id=\"dependencies\""), "no section");
        assertFalse(page.contains("#dependencies"), "no link to it");
        assertFalse(page.contains("class=\"graph\""));
    }

    @Test
    void aChainAndATwoUpstreamGroupAreDrawnOnceEachInTheirColumns() {
        ReportView.Graph graph = graph(plan(project(CHAIN)).groups());
        Map<String, ReportView.Graph.Node> nodes = graph.nodes().stream()
                .collect(Collectors.toMap(ReportView.Graph.Node::id, Function.identity()));
        assertEquals(5, graph.nodes().size(), "each node once: " + graph.nodes());
        assertEquals(List.of("a", "audit", "b", "report", "summary"), nodes.keySet().stream().sorted().toList(), "alone is not drawn");
        List<Integer> columns = graph.nodes().stream().map(ReportView.Graph.Node::x).distinct().sorted().toList();
        assertEquals(4, columns.size());
        Function<String, Integer> column = id -> columns.indexOf(nodes.get(id).x());
        assertEquals(List.of(0, 0, 1, 2, 3), List.of("a", "b", "report", "summary", "audit").stream().map(column).toList());
        assertEquals(List.of("a → audit", "a → report", "b → report", "report → summary", "summary → audit"),
                graph.edges().stream().map(ReportView.Graph.Edge::title).toList(), "each edge once, upstream → downstream");
        assertEquals(List.of("audit runs after a + summary, and on its schedule 0 7 1 * *", "report runs after a + b",
                "summary runs after report"), graph.lines());
        // report sits between its two upstreams; no two boxes of a column overlap; everything inside the picture
        assertEquals((nodes.get("a").y() + nodes.get("b").y()) / 2, nodes.get("report").y());
        assertTrue(Math.abs(nodes.get("b").y() - nodes.get("a").y()) >= DependencyGraph.ROW);
        graph.nodes().forEach(n -> assertTrue(n.x() + n.width() <= graph.width() && n.y() + graph.box() <= graph.height(), n.toString()));
        assertEquals("report in (top folder): runs after a + b; summary waits for it", nodes.get("report").title());
        assertTrue(graph.caption().startsWith("3 job groups wait for others"), graph.caption());
        assertTrue(graph.caption().endsWith("1 job group without dependencies is not drawn."), graph.caption());
    }

    @Test
    void thePageDrawsEachNodeAndEdgeOnceAsInlineSvg() throws IOException {
        String page = page(project(CHAIN));
        String section = section(page);
        assertTrue(page.contains("<a href=\"#dependencies\">Dependencies</a>"));
        assertEquals(5, count(section, "<g class=\"node\">"));
        assertEquals(5, count(section, "<path class=\"edge\""));
        for (String id : List.of("a", "b", "report", "summary", "audit")) {
            assertEquals(1, count(section, ">" + id + "</text>"), id);
        }
        assertFalse(section.contains(">alone<"));
        assertEquals(1, count(section, "<title>b → report</title>"));
        assertEquals(1, count(section, "<li>report runs after a + b</li>"));
        assertFalse(section.matches("(?s).*(href|url\\(|<script|<image|<use).*"), "inline shapes only");
    }

    @Test
    void userTextInTheGraphIsEscaped() throws IOException {
        String folder = "raw<b>&\"x'";
        Map<String, String> files = new TreeMap<>();
        files.put("emrdag.yaml", TestProjects.SETTINGS);
        files.put(folder + "/load.yaml", TestProjects.JOB_GROUP);
        files.put("report.yaml", TestProjects.JOB_GROUP.replace("schedule: \"0 2 * * *\"", "schedule: null\ndepends_on: [load]"));
        String section = section(page(TestProjects.project(tmp, files)));
        assertTrue(section.contains("<title>load in raw&lt;b&gt;&amp;&quot;x&#39;: report waits for it</title>"), section);
        assertTrue(section.contains("</span>raw&lt;b&gt;&amp;&quot;x&#39;&nbsp;"), "the legend, escaped");
        assertFalse(section.contains(folder));
        assertFalse(section.contains("<b>"));
    }

    @Test
    void theSameJobGroupsGiveTheSameGraphInWhateverOrder() throws IOException {
        Path project = project(CHAIN);
        List<PlannedGroup> groups = new ArrayList<>(plan(project).groups());
        ReportView.Graph first = graph(groups);
        Collections.reverse(groups);
        assertEquals(first, graph(groups));
        Collections.rotate(groups, 2);
        assertEquals(first, graph(groups));
        assertEquals(page(project), page(project));
    }

    @Test
    void aLongIdIsCutInItsBoxAndWholeInItsTooltip() {
        String id = "x".repeat(50);
        List<PlannedGroup> groups = plan(project(Map.of(id, "schedule: \"0 2 * * *\"", "after", "schedule: null\ndepends_on: [" + id + "]")))
                .groups();
        ReportView.Graph.Node node = graph(groups).nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
        assertEquals("x".repeat(DependencyGraph.MAX_LABEL - 1) + "…", node.label());
        assertTrue(node.title().startsWith(id + " in "), node.title());
        assertEquals(DependencyGraph.textWidth(node.label()) + 2 * DependencyGraph.PAD, node.width());
    }

    @Test
    void theExamplesDrawTheirReportsAfterTheirLoads() throws IOException {
        Path html = tmp.resolve("examples.html");
        new Emrdag().report(new ReportRequest(TestProjects.REPO.resolve("job-groups"), html, null, ModelYear.DEFAULT_YEAR, "prod"));
        String section = section(Files.readString(html));
        assertEquals(8, count(section, "<g class=\"node\">"), "five loads, three reports");
        assertEquals(6, count(section, "<path class=\"edge\""));
        assertFalse(section.contains("quality_extract_export"), "it waits for nothing and nothing waits for it");
    }

    private static String section(String page) {
        Matcher matcher = Pattern.compile("(?s)<section id=\"dependencies\">.*?</section>").matcher(page);
        assertTrue(matcher.find(), "a dependencies section");
        return matcher.group();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
