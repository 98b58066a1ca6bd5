package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.model.MwaaTarget;
import io.emrdag.pipeline.PerEnvironment;
import io.emrdag.pipeline.Request;
import io.emrdag.pipeline.VerifyRequest;
import io.emrdag.write.StaleOutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify} against real Airflow: emrdag's own pinned environments (created on first use, cached in
 * ~/.cache/emrdag and shared with python-tests), the examples on every supported MWAA target, a given interpreter
 * that differs from the target's pins, a hostile caller environment, and deliberately broken templates that must
 * fail with the file named.
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

    /**
     * An emrdag whose job-group DAG template has {@code text} replaced by {@code broken}, after it generated the
     * examples into {@code broken-dags}: what a template developer's mistake gives verify to find.
     */
    private Emrdag generatedWithBrokenTemplate(String text, String broken) throws IOException {
        Path templates = copyOf(REPO.resolve("dag-templates"), "templates");
        Path dagTemplate = templates.resolve("job_group_dag.py.ftl");
        String original = Files.readString(dagTemplate);
        assertTrue(original.contains(text), "the template no longer has the text this test breaks: " + text);
        Files.writeString(dagTemplate, original.replace(text, broken));
        Emrdag emrdag = new Emrdag(templates);
        emrdag.generate(new Request(REPO.resolve("job-groups"), tmp.resolve("broken-dags")));
        return emrdag;
    }

    private static VerifyResult verify(Emrdag emrdag, Path project, Path output, List<String> progress) {
        return emrdag.verify(new VerifyRequest(project, output, null), progress::add);
    }

    @Test
    void examplesImportCleanlyOnTheOldestTarget() {
        List<String> progress = new ArrayList<>();
        List<VerifyResult> results = new Emrdag().verifyAll(new VerifyRequest(REPO.resolve("job-groups"),
                REPO.resolve("generated-dags"), null), progress::add).stream().map(PerEnvironment::result).toList();
        assertEquals(2, results.size(), "staging and prod, each from its own folder");
        for (VerifyResult result : results) {
            assertEquals("2.10.3", result.airflowVersion());
            assertEquals("9.0.0", result.amazonProviderVersion());
            assertEquals(TestProjects.exampleJobGroups().size() + 1, result.files().size(), "every job group and the environment's janitor");
            result.files().forEach(f -> assertEquals(0, f.sqlStatements(), f.file()));
            assertTrue(result.ok());
            System.out.println("verify 2.10.3: environment " + result.environmentTime().toMillis() + " ms, check "
                    + result.checkTime().toMillis() + " ms, parse ms " + result.files().stream().map(f -> f.file() + "=" + f.parseMillis()).toList());
        }
        assertTrue(progress.stream().anyMatch(p -> p.contains("environment airflow-2.10.3")), String.join("\n", progress));
    }

    /** The examples with {@code target:} set to {@code version}, generated into {@code output}. */
    private Path examplesFor(String version, Path output) throws IOException {
        Path project = copyOf(REPO.resolve("job-groups"), "job-groups-" + version);
        Path settings = project.resolve("emrdag.yaml");
        String text = Files.readString(settings);
        assertTrue(text.contains("target: \"2.10.3\""), "the examples no longer target 2.10.3");
        Files.writeString(settings, text.replace("target: \"2.10.3\"", "target: \"" + version + "\""));
        new Emrdag().generate(new Request(project, output));
        return project;
    }

    static Stream<String> newerTargets() {
        return MwaaTarget.versions().stream().filter(v -> !v.equals(MwaaTarget.DEFAULT_VERSION));
    }

    @ParameterizedTest
    @MethodSource("newerTargets")
    void examplesImportCleanlyOnEveryOtherTargetWithItsPinnedEnvironment(String version) throws IOException {
        Path output = tmp.resolve("dags-" + version);
        Path project = examplesFor(version, output);
        VerifyResult result = verify(new Emrdag(), project, output, new ArrayList<>());
        assertEquals(version, result.airflowVersion());
        assertEquals(MwaaTarget.forVersion(version).orElseThrow().amazonProviderVersion(), result.amazonProviderVersion());
        assertTrue(result.ok());
        assertEquals(List.of(), result.pinDifferences());
        result.files().forEach(f -> assertEquals(0, f.sqlStatements(), f.file()));
        System.out.println("verify " + version + ": environment " + result.environmentTime().toMillis() + " ms, check "
                + result.checkTime().toMillis() + " ms, parse ms " + result.files().stream().map(f -> f.file() + "=" + f.parseMillis()).toList());
    }

    @Test
    void anInterpreterWithOtherVersionsThanTheTargetsPinsIsNamedInAWarning() {
        Path python = new PythonEnvironments(new ScriptRunner()).pythonFor(MwaaTarget.forVersion("3.3.1").orElseThrow(), m -> { });
        VerifyResult result = new Emrdag().verify(new VerifyRequest(REPO.resolve("job-groups"), REPO.resolve("generated-dags"),
                python, false, "prod"), m -> { });
        assertTrue(result.ok(), "the examples import on Airflow 3.3.1 too");
        assertTrue(result.pinDifferences().containsAll(List.of("apache-airflow 3.3.1 (target pins 2.10.3)",
                "apache-airflow-providers-amazon 9.34.0 (target pins 9.0.0)")), result.pinDifferences().toString());
        assertEquals(1, result.warnings().size());
        assertTrue(result.warnings().get(0).startsWith("the given interpreter differs from the target's pinned environment: "
                + "apache-airflow 3.3.1 (target pins 2.10.3), "), result.warnings().get(0));
    }

    /**
     * A caller set up for another Airflow: an Airflow 3 home, its configuration and a Postgres metadata DB, unit-test
     * mode, a DAG folder elsewhere, and a PYTHONPATH whose pendulum breaks on import. verify (the CLI, as a CI job
     * runs it) must import the 2.10.3 examples in an Airflow home and environment of its own.
     */
    @Test
    void aHostileCallerEnvironmentDoesNotReachVerify() throws Exception {
        Path jar = REPO.resolve("generator/cli/target/emrdag/lib/emrdag.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: failsafe runs after package");
        Path home = Files.createDirectories(tmp.resolve("airflow3-home"));
        Files.writeString(home.resolve("airflow.cfg"), "[core]\ndags_folder = /nonexistent/dags\nexecutor = LocalExecutor\n"
                + "auth_manager = airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager\n"
                + "[database]\nsql_alchemy_conn = postgresql+psycopg2://airflow@127.0.0.1:9/airflow3\n");
        Path shadow = Files.createDirectories(tmp.resolve("shadow"));
        Files.writeString(shadow.resolve("pendulum.py"), "raise ImportError('the caller PYTHONPATH leaked into verify')\n");
        ProcessBuilder cli = new ProcessBuilder("java", "-jar", jar.toString(), "verify", "-p", REPO.resolve("job-groups").toString(),
                "-o", REPO.resolve("generated-dags").toString()).redirectErrorStream(true);
        cli.environment().putAll(Map.of(
                "AIRFLOW_HOME", home.toString(),
                "AIRFLOW_CONFIG", home.resolve("airflow.cfg").toString(),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "postgresql+psycopg2://airflow@127.0.0.1:9/airflow3",
                "AIRFLOW__CORE__UNIT_TEST_MODE", "True",
                "AIRFLOW__CORE__DAGS_FOLDER", "/nonexistent/dags",
                "PYTHONPATH", shadow.toString()));
        Process process = cli.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        int files = TestProjects.exampleJobGroups().size() + 1;
        assertTrue(out.contains(files + " DAG files import cleanly in Airflow 2.10.3 (amazon provider 9.0.0)"), out);
        try (Stream<Path> left = Files.list(home)) {
            assertEquals(List.of(home.resolve("airflow.cfg")), left.toList(), "verify wrote into the caller's Airflow home");
        }
    }

    @Test
    void aBrokenTemplateFailsVerifyAndThePythonTestsNamingTheFile() throws Exception {
        Emrdag emrdag = generatedWithBrokenTemplate(", terminate_cluster] >> all_steps_succeeded", "] >> all_steps_succeeded");
        Path output = tmp.resolve("broken-dags");
        VerifyFailedException failure = assertThrows(VerifyFailedException.class,
                () -> verify(emrdag, REPO.resolve("job-groups"), output, new ArrayList<>()));
        int groups = TestProjects.exampleJobGroups().size();
        assertTrue(failure.getMessage().contains(groups + " of " + (groups + 1) + " DAG files failed"), failure.getMessage());
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
        Emrdag emrdag = generatedWithBrokenTemplate("task_id=\"create_cluster\",", "task_id=\"create_cluster\",,");
        Path output = tmp.resolve("broken-dags");
        VerifyFailedException failure = assertThrows(VerifyFailedException.class,
                () -> verify(emrdag, REPO.resolve("job-groups"), output, new ArrayList<>()));
        assertTrue(failure.getMessage().contains("/claims_cdc_dag.py: import error:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("SyntaxError"), failure.getMessage());
    }

    @Test
    void aStaleOutputFolderIsRefusedBeforeAnythingIsImported() throws IOException {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        new Emrdag().generate(new Request(project, output));
        Files.writeString(output.resolve("orders_dag.py"), "# edited\n");
        assertThrows(StaleOutputException.class, () -> verify(new Emrdag(), project, output, new ArrayList<>()));
    }

    /**
     * An alert's callable is imported only when an alert is sent: a missing module would ship and fail at the first
     * failure it should report. verify imports it, and checks that it takes the alert.
     */
    @Test
    void anAlertCallableIsImportCheckedByVerify() throws IOException {
        String group = TestProjects.JOB_GROUP + "alerts:\n  callable: lake_alerts.page_on_call\n";
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", group));
        Path output = tmp.resolve("dags");
        new Emrdag().generate(new Request(project, output));

        VerifyFailedException missing = assertThrows(VerifyFailedException.class,
                () -> verify(new Emrdag(), project, output, new ArrayList<>()));
        assertTrue(missing.getMessage().contains("job-groups/orders.yaml: alerts.callable lake_alerts.page_on_call does not import"
                + " here: ModuleNotFoundError: No module named 'lake_alerts'"), missing.getMessage());

        Files.writeString(output.resolve("lake_alerts.py"), "def page_on_call():\n    pass\n");
        VerifyFailedException arity = assertThrows(VerifyFailedException.class,
                () -> verify(new Emrdag(), project, output, new ArrayList<>()));
        assertTrue(arity.getMessage().contains("alerts.callable lake_alerts.page_on_call cannot be called with the alert as its one"
                + " argument"), arity.getMessage());

        Files.writeString(output.resolve("lake_alerts.py"), "def page_on_call(alert):\n    print(alert['subject'])\n");
        assertTrue(verify(new Emrdag(), project, output, new ArrayList<>()).ok());
    }
}
