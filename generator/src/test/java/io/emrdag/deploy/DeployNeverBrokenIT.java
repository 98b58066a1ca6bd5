package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import io.emrdag.pipeline.Deployable;
import io.emrdag.verify.PythonEnvironments;
import io.emrdag.verify.ScriptRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Never a broken moment", checked with real Airflow: after every single write of a deploy, every DAG file in
 * the folder is imported (Airflow 2.10.3, Amazon provider 9.0.0) as the DAG processor would. The change
 * deployed is the hard case: a profile renamed, so the old DAG files that use it cannot import beside the new
 * {@code templates.py}, and the new ones cannot import beside the old.
 */
class DeployNeverBrokenIT {

    @TempDir
    Path tmp;

    /** A Python process that imports the folder's DAG files on request. */
    private static final class Importer implements AutoCloseable {
        private final Process process;
        private final PrintWriter in;
        private final BufferedReader out;

        Importer(Path folder, Path home) throws IOException {
            Path python = new PythonEnvironments(new ScriptRunner()).pythonFor(MwaaTarget.forVersion("2.10.3").orElseThrow(), m -> { });
            Path script = Files.createTempFile(home, "import_all", ".py");
            try (InputStream resource = Importer.class.getResourceAsStream("import_all.py")) {
                Files.write(script, resource.readAllBytes());
            }
            ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), folder.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("AIRFLOW_HOME", home.toString());
            builder.environment().put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            process = builder.start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String check() {
            in.println("check");
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    private static Path renameProfile(Path project) throws IOException {
        Path settings = project.resolve("emrdag.yaml");
        Files.writeString(settings, Files.readString(settings).replace("\n  large:\n", "\n  xlarge:\n"));
        for (String group : List.of("raw_to_process/claims_cdc.yaml", "process_to_report/claims_financial_report.yaml")) {
            Path file = project.resolve(group);
            Files.writeString(file, Files.readString(file).replace("profile: large", "profile: xlarge"));
        }
        return project;
    }

    @Test
    void everyDagImportsAfterEveryWriteWhileAProfileIsRenamed() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("dags"));
        Path home = Files.createDirectories(tmp.resolve("airflow-home"));
        Emrdag emrdag = new Emrdag();
        Deployable v1 = emrdag.deployable(TestProjects.copy(TestProjects.REPO.resolve("job-groups"), tmp.resolve("v1/job-groups")));
        Deployable v2 = emrdag.deployable(renameProfile(TestProjects.copy(TestProjects.REPO.resolve("job-groups"), tmp.resolve("v2/job-groups"))));
        Deployer.Options options = new Deployer.Options("default", "emrdag test", "it@test", false, false, Duration.ofSeconds(30), 4);

        try (Importer importer = new Importer(folder, home)) {
            List<String> states = new ArrayList<>();
            FaultyStore checked = new FaultyStore(new LocalObjectStore(folder), Integer.MAX_VALUE, store -> states.add(importer.check()), Duration.ZERO);
            new Deployer(checked, options, Progress.silent()).deploy(v1.files());
            assertEquals("ok " + TestProjects.exampleJobGroups().size(), states.get(states.size() - 1));
            assertTrue(states.stream().allMatch(s -> s.startsWith("ok ")), "first deploy: " + states);

            states.clear();
            List<String> plan = new ArrayList<>();
            FaultyStore renaming = new FaultyStore(new LocalObjectStore(folder), Integer.MAX_VALUE, store -> states.add(importer.check()), Duration.ZERO);
            DeployResult result = new Deployer(renaming, options, plan::add).deploy(v2.files());
            List<String> writes = renaming.writes().stream().filter(w -> !w.contains(".emrdag/")).toList();
            assertEquals(5, writes.size(), writes.toString());
            assertEquals(Set.of("DELETE claims_cdc_dag.py", "DELETE claims_financial_report_dag.py"), Set.copyOf(writes.subList(0, 2)));
            assertEquals("PUT templates.py", writes.get(2));
            assertEquals(Set.of("PUT claims_cdc_dag.py", "PUT claims_financial_report_dag.py"), Set.copyOf(writes.subList(3, 5)));
            assertTrue(plan.stream().anyMatch(l -> l.contains("claims_cdc_dag.py  (withdrawn before templates.py changes")), plan.toString());
            assertTrue(states.stream().allMatch(s -> s.startsWith("ok ")), "a DAG failed to import at some instant: " + states);
            assertEquals("ok " + TestProjects.exampleJobGroups().size(), states.get(states.size() - 1));
            assertEquals(3, result.traffic().uploaded());

            Path naive = Files.createDirectories(tmp.resolve("naive"));
            for (DeployFile file : v1.files()) {
                Files.write(naive.resolve(file.path()), file.content());
            }
            DeployFile newTemplates = v2.files().stream().filter(f -> f.path().equals("templates.py")).findFirst().orElseThrow();
            Files.write(naive.resolve("templates.py"), newTemplates.content());
            try (Importer control = new Importer(naive, home)) {
                String state = control.check();
                assertTrue(state.startsWith("broken claims_cdc_dag.py: KeyError: 'large'"),
                        "without the withdrawal the old DAG breaks beside the new templates.py: " + state);
            }
        }
    }
}
