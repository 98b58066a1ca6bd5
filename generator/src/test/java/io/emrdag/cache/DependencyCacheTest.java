package io.emrdag.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.pipeline.Outcome;
import io.emrdag.pipeline.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental generate with dependencies between job groups: a DAG file names the job groups that wait for it (and
 * emits their Asset), so a job group whose own file did not change is rendered again when those change; the output is
 * always what a full generate writes.
 */
class DependencyCacheTest {

    private static final String UPSTREAM = TestProjects.JOB_GROUP;
    private static final String REPORT = """
            description: Report
            depends_on: [orders]
            steps:
              - {name: build, script: report.py}
            """;

    @TempDir
    Path tmp;
    Path project;
    Path output;

    @BeforeEach
    void setUp() {
        project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", UPSTREAM,
                "claims.yaml", UPSTREAM.replace("Orders", "Claims")));
        output = tmp.resolve("dags");
    }

    private Outcome generate() {
        return new Emrdag().generate(new Request(project, output, true));
    }

    /** What a generate without the cache writes, for comparison. */
    private Map<String, String> full() {
        Path elsewhere = tmp.resolve("full-" + System.nanoTime());
        new Emrdag().generate(new Request(project, elsewhere, false));
        return TestProjects.snapshot(elsewhere);
    }

    @Test
    void aNewDependantRendersItsUnchangedUpstreamAgainAndARemovedOneToo() throws IOException {
        generate();
        TestProjects.write(project.resolve("report.yaml"), REPORT);
        Outcome added = generate();
        assertEquals(List.of("report_dag.py"), added.plan().added());
        assertEquals(List.of("orders_dag.py"), added.plan().changed(), "orders now emits the Asset report waits for");
        assertTrue(Files.readString(output.resolve("orders_dag.py")).contains("outlets=[SUCCEEDED]"));
        assertEquals(full(), TestProjects.snapshot(output));
        assertTrue(generate().plan().upToDate());

        Files.delete(project.resolve("report.yaml"));
        Outcome removed = generate();
        assertEquals(List.of("orders_dag.py"), removed.plan().changed(), "nobody waits for orders any more");
        assertEquals(full(), TestProjects.snapshot(output));
    }

    @Test
    void aDependantWhoseUpstreamIsGoneIsReportedWhereItSaysSo() throws IOException {
        TestProjects.write(project.resolve("report.yaml"), REPORT);
        generate();
        Files.delete(project.resolve("orders.yaml"));
        MetadataException e = assertThrows(MetadataException.class, this::generate);
        assertEquals(List.of("job-groups/report.yaml:2:14: error[E207] depends_on: unknown job group 'orders'"),
                e.diagnostics().stream().map(Diagnostic::format).map(s -> s.lines().findFirst().orElseThrow()).toList(),
                "report's file did not change, yet its dependency is checked where it is written");
    }
}
