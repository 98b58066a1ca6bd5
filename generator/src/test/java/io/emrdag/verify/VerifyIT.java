package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against real Airflow: emrdag's own pinned environments (created on first use, cached in
 * ~/.cache/emrdag and shared with python-tests), the examples on both majors, and deliberately broken
 * templates that must fail with the file named.
 */
class VerifyIT {

    static final Path REPO = TestProjects.REPO;

    @TempDir
    Path tmp;

    private Path copyOf(Path dir, String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Path target = copy.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static VerifyResult verify(Emrdag emrdag, Path project, Path output, List<String> progress) {
        return emrdag.verify(new Emrdag.VerifyRequest(project, output, null), progress::add);
    }

    @Test
    void examplesImportCleanlyOnTheOldestTarget() {
        List<String> progress = new ArrayList<>();
        VerifyResult result = verify(new Emrdag(), REPO.resolve("job-groups"), REPO.resolve("generated-dags"), progress);
        assertEquals("2.10.3", result.airflowVersion());
        assertEquals("9.0.0", result.amazonProviderVersion());
        assertEquals(7, result.files().size());
        result.files().forEach(f -> assertEquals(0, f.sqlStatements(), f.file()));
        assertTrue(result.ok());
        assertTrue(progress.stream().anyMatch(p -> p.contains("environment airflow-2.10.3")), String.join("\n", progress));
        System.out.println("verify 2.10.3: environment " + result.environmentTime().toMillis() + " ms, check "
                + result.checkTime().toMillis() + " ms, parse ms " + result.files().stream().map(f -> f.file() + "=" + f.parseMillis()).toList());
    }

    @Test
    void examplesImportCleanlyOnAirflow3() throws IOException {
        Path project = copyOf(REPO.resolve("job-groups"), "job-groups");
        Path settings = project.resolve("emrdag.yaml");
        Files.writeString(settings, Files.readString(settings).replace("target: \"2.10.3\"", "target: \"3.3.1\""));
        Path output = tmp.resolve("dags");
        Emrdag emrdag = new Emrdag();
        emrdag.generate(new Emrdag.Request(project, output));
        VerifyResult result = verify(emrdag, project, output, new ArrayList<>());
        assertEquals("3.3.1", result.airflowVersion());
        assertEquals("9.34.0", result.amazonProviderVersion());
        assertTrue(result.ok());
        System.out.println("verify 3.3.1: environment " + result.environmentTime().toMillis() + " ms, check "
                + result.checkTime().toMillis() + " ms, parse ms " + result.files().stream().map(f -> f.file() + "=" + f.parseMillis()).toList());
    }

    @Test
    void aBrokenTemplateFailsVerifyAndThePythonTestsNamingTheFile() throws Exception {
        Path templates = copyOf(REPO.resolve("dag-templates"), "templates");
        Path dagTemplate = templates.resolve("job_group_dag.py.ftl");
        String original = Files.readString(dagTemplate);
        String broken = original.replace(", terminate_cluster] >> all_steps_succeeded", "] >> all_steps_succeeded");
        assertTrue(!broken.equals(original), "the template no longer has the line this test breaks");
        Files.writeString(dagTemplate, broken);
        Path output = tmp.resolve("broken-dags");
        Emrdag emrdag = new Emrdag(templates);
        emrdag.generate(new Emrdag.Request(REPO.resolve("job-groups"), output));

        VerifyFailedException failure = assertThrows(VerifyFailedException.class,
                () -> verify(emrdag, REPO.resolve("job-groups"), output, new ArrayList<>()));
        assertTrue(failure.getMessage().contains("7 of 7 DAG files failed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("/patients_cdc_dag.py: task 'terminate_cluster' leads to [], expected ['all_steps_succeeded']"),
                failure.getMessage());

        Process pytest = new ProcessBuilder("python3", REPO.resolve("python-tests/run_tests.py").toString(), "--target",
                "airflow-2.10.3", "--dags", output.toString(), "--", "-k", "task_graph", "-q")
                .redirectErrorStream(true).start();
        String out = new String(pytest.getInputStream().readAllBytes());
        assertEquals(1, pytest.waitFor(), out);
        assertTrue(out.contains("test_task_graph[patients_cdc]"), out);
    }

    @Test
    void aTemplateThatBreaksPythonFailsWithTheImportError() throws IOException {
        Path templates = copyOf(REPO.resolve("dag-templates"), "templates");
        Path dagTemplate = templates.resolve("job_group_dag.py.ftl");
        Files.writeString(dagTemplate, Files.readString(dagTemplate).replace("emr_conn_id=None,", "emr_conn_id=None,,"));
        Path output = tmp.resolve("broken-dags");
        Emrdag emrdag = new Emrdag(templates);
        emrdag.generate(new Emrdag.Request(REPO.resolve("job-groups"), output));
        VerifyFailedException failure = assertThrows(VerifyFailedException.class,
                () -> verify(emrdag, REPO.resolve("job-groups"), output, new ArrayList<>()));
        assertTrue(failure.getMessage().contains("/claims_cdc_dag.py: import error:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("SyntaxError"), failure.getMessage());
    }

    @Test
    void aStaleOutputFolderIsRefusedBeforeAnythingIsImported() throws IOException {
        Path project = TestProjects.project(tmp, java.util.Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        new Emrdag().generate(new Emrdag.Request(project, output));
        Files.writeString(output.resolve("orders_dag.py"), "# edited\n");
        assertThrows(io.emrdag.write.StaleOutputException.class, () -> verify(new Emrdag(), project, output, new ArrayList<>()));
    }
}
