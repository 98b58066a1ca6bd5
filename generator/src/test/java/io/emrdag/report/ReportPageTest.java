package io.emrdag.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.capacity.ModelYear;
import io.emrdag.pipeline.PerEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page: self-contained, deterministic, user text escaped, every cadence handled. */
class ReportPageTest {

    @TempDir
    Path tmp;

    private static final Path EXAMPLES = TestProjects.REPO.resolve("job-groups");

    @Test
    void theExamplesReportIsTheSameByteForByteWhicheverWayThePathsAreGiven() throws IOException {
        Path first = tmp.resolve("a/report.html");
        Path second = tmp.resolve("b/report.html");
        new Emrdag().report(new ReportRequest(EXAMPLES, first, null, ModelYear.DEFAULT_YEAR, "prod"));
        new Emrdag().report(new ReportRequest(EXAMPLES.resolve("../job-groups").normalize().toAbsolutePath(), second, null,
                ModelYear.DEFAULT_YEAR, "prod"));
        assertEquals(Files.readString(first), Files.readString(second));
    }

    @Test
    void eachEnvironmentIsAFleetOfItsOwnOnAPageOfItsOwn() throws IOException {
        Path html = tmp.resolve("site/report.html");
        List<PerEnvironment<ReportResult>> labelled = new Emrdag().report(new ReportRequest(EXAMPLES, html));
        assertEquals(List.of(List.of("emrdag: environment staging"), List.of("emrdag: environment prod")),
                labelled.stream().map(PerEnvironment::header).toList(), "each page's figures are headed by their environment");
        List<ReportResult> results = labelled.stream().map(PerEnvironment::result).toList();
        assertEquals(List.of(tmp.resolve("site/report-staging.html"), tmp.resolve("site/report-prod.html")),
                results.stream().map(ReportResult::output).toList());
        assertFalse(Files.exists(html), "no page for the project as written: it is never deployed");
        assertTrue(Files.readString(results.get(0).output()).contains("emrdag capacity report: mediclake-staging"));
        assertTrue(Files.readString(results.get(1).output()).contains("emrdag capacity report: mediclake-prod"));
        // staging runs the large profile with 2 core and 1 task node instead of 4 and 4: a smaller peak
        assertTrue(peakVcpus(results.get(0)) < peakVcpus(results.get(1)), results.get(0).summary() + "\n" + results.get(1).summary());

        Path prodOnly = tmp.resolve("prod/report.html");
        List<PerEnvironment<ReportResult>> prodOnlyLabelled = new Emrdag().report(
                new ReportRequest(EXAMPLES, prodOnly, null, ModelYear.DEFAULT_YEAR, "prod"));
        assertEquals(List.of(), prodOnlyLabelled.get(0).header(), "one environment asked for: no header needed");
        List<ReportResult> prod = prodOnlyLabelled.stream().map(PerEnvironment::result).toList();
        assertEquals(List.of(prodOnly), prod.stream().map(ReportResult::output).toList(), "one environment asked for: the page asked for");
        assertEquals(results.get(1).summary(), prod.get(0).summary());
    }

    private static int peakVcpus(ReportResult result) {
        String line = result.summary().stream().filter(l -> l.startsWith("  peak vCPUs ")).findFirst().orElseThrow();
        return Integer.parseInt(line.substring("  peak vCPUs ".length()).strip().split("\\s+")[0]);
    }

    @Test
    void thePageRequestsNothing() throws IOException {
        Path html = tmp.resolve("report.html");
        new Emrdag().report(new ReportRequest(EXAMPLES, html, null, ModelYear.DEFAULT_YEAR, "prod"));
        String page = Files.readString(html);
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none';"), "a policy that forbids every request");
        Matcher references = Pattern.compile("(?i)\\b(src|href|xlink:href|action)\\s*=\\s*\"([^\"]*)\"").matcher(page);
        while (references.find()) {
            String target = references.group(2);
            assertTrue(target.startsWith("#") || target.equals("data:,"), "a reference that would load something: " + references.group());
        }
        assertFalse(page.matches("(?s).*(https?:|//cdn|@import|url\\().*"), "no URL, import or url() anywhere");
    }

    @Test
    void userTextIsEscaped() throws IOException {
        String folder = "a<b>&\"x'";
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, folder + "/orders.yaml", TestProjects.JOB_GROUP));
        Path html = tmp.resolve("report.html");
        new Emrdag().report(new ReportRequest(project, html));
        String page = Files.readString(html);
        assertTrue(page.contains("a&lt;b&gt;&amp;&quot;x&#39;"), "the folder name, escaped");
        assertFalse(page.contains(folder));
        assertFalse(page.contains("<b>"));
    }

    @Test
    void manualOnceAndContinuousJobGroupsAreHandled() throws IOException {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS,
                "manual.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", "null"),
                "once.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", "\"@once\""),
                "always.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", "\"@continuous\"")));
        Path html = tmp.resolve("report.html");
        ReportResult result = new Emrdag().report(new ReportRequest(project, html)).get(0).result();
        String page = Files.readString(html);
        assertTrue(page.contains("2 job groups run only when triggered"), page);
        assertTrue(page.contains("<code>manual</code>") && page.contains("<code>@once</code>") && page.contains("<code>@continuous</code>"));
        // One cluster always: back-to-back runs of 40 minutes (10 min start-up, one 30 min step).
        assertTrue(result.summary().get(1).matches("  peak clusters +1 .*"), result.summary().get(1));
        assertTrue(result.summary().stream().anyMatch(l -> l.matches(" +always +[0-9,.]+ h +1,095 runs .*")), String.join("\n", result.summary()));
    }

    @Test
    void aProjectWithNothingScheduledStillGetsAPage() throws IOException {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS,
                "orders.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", "null")));
        Path html = tmp.resolve("out/report.html");
        ReportResult result = new Emrdag().report(new ReportRequest(project, html, null, ModelYear.DEFAULT_YEAR, null)).get(0).result();
        assertTrue(Files.readString(html).contains("nothing scheduled"));
        assertEquals(Files.size(html), result.bytes());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void chartPathsAreStepsAndScalesAreRound() {
        assertEquals(1, Charts.niceCeiling(1));
        assertEquals(200, Charts.niceCeiling(184));
        assertEquals(500, Charts.niceCeiling(201));
        assertEquals(1000, Charts.niceCeiling(1000));
        // Two columns at 0 then one at max: the area rises at the third column; the bottom is flat.
        String path = Charts.path(new int[] {0, 0, 4}, new int[] {0, 0, 0}, 4);
        assertEquals("M64,174V174H66V24H67V174H64Z", path);
    }
}
