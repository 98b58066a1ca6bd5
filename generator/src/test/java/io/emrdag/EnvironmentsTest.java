package io.emrdag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.write.MixedEnvironmentsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments: each one's overlay over {@code emrdag.yaml}, its own output folder and manifest, and output of two
 * environments (or of a project without environments) never mixed.
 */
class EnvironmentsTest {

    static final String SETTINGS = TestProjects.SETTINGS.replace("defaults:\n", "project: acme\ndefaults:\n") + """
            environments:
              staging:
                deploy_to: s3://acme-staging-mwaa/dags/
                scripts_base: s3://acme-staging-artifacts/spark/
                runtime_variable: staging_{job_group}
                clusters:
                  standard:
                    core: {instance_count: 1}
              prod:
                deploy_to: mwaa:acme-prod
                defaults:
                  cluster:
                    tags: {environment: prod}
            """;

    @TempDir
    Path tmp;

    private Path project(String settings) {
        return TestProjects.project(tmp, Map.of("emrdag.yaml", settings, "orders.yaml", TestProjects.JOB_GROUP));
    }

    @Test
    void eachEnvironmentIsGeneratedIntoItsOwnFolderWithItsOwnSettings() {
        Path out = tmp.resolve("out");
        List<Emrdag.Outcome> outcomes = new Emrdag().generateAll(new Emrdag.Request(project(SETTINGS), out));

        assertEquals(List.of("staging", "prod"), outcomes.stream().map(Emrdag.Outcome::environment).toList());
        assertEquals(List.of(out.resolve("staging"), out.resolve("prod")), outcomes.stream().map(Emrdag.Outcome::folder).toList());
        Map<String, String> files = TestProjects.snapshot(out);
        assertTrue(files.keySet().stream().allMatch(f -> f.startsWith("staging/") || f.startsWith("prod/")), files.keySet().toString());
        String staging = files.get("staging/orders_dag.py");
        String prod = files.get("prod/orders_dag.py");
        assertTrue(staging.contains("PROJECT = \"acme-staging\"") && prod.contains("PROJECT = \"acme-prod\""),
                "each environment tags its clusters with a project name of its own");
        assertTrue(staging.contains("\"s3://acme-staging-artifacts/spark/load_raw_to_process.py\""));
        assertTrue(prod.contains("\"s3://acme-artifacts/spark/load_raw_to_process.py\""));
        assertTrue(staging.contains("VARIABLE = \"staging_orders\"") && prod.contains("VARIABLE = \"emrdag_orders\""));
        assertTrue(staging.contains("\"core_instance_count\": 1") && prod.contains("\"core_instance_count\": 2"));
        assertTrue(files.get("prod/templates.py").contains("{\"Key\": \"environment\", \"Value\": \"prod\"}"), files.get("prod/templates.py"));
        assertFalse(files.get("staging/templates.py").contains("\"environment\""));
        assertTrue(files.get("staging/.emrdag-manifest.json").contains("\"environment\" : \"staging\""));
        assertTrue(files.get("prod/cluster_janitor.py").contains("\"acme_prod_cluster_janitor\""));
    }

    @Test
    void oneEnvironmentIsGeneratedAlone() {
        Path out = tmp.resolve("out");
        List<Emrdag.Outcome> outcomes = new Emrdag().generateAll(new Emrdag.Request(project(SETTINGS), out, false, "prod"));
        assertEquals(1, outcomes.size());
        assertTrue(TestProjects.snapshot(out).keySet().stream().allMatch(f -> f.startsWith("prod/")));
        assertEquals(1, new Emrdag().checkAll(new Emrdag.Request(project(SETTINGS), out, false, "prod")).size());
    }

    @Test
    void aProjectWithoutEnvironmentsIsGeneratedAsBefore() {
        Path out = tmp.resolve("out");
        List<Emrdag.Outcome> outcomes = new Emrdag().generateAll(new Emrdag.Request(project(TestProjects.SETTINGS), out));
        assertEquals(1, outcomes.size());
        assertEquals(null, outcomes.get(0).environment());
        Map<String, String> files = TestProjects.snapshot(out);
        assertTrue(files.containsKey("orders_dag.py"));
        assertFalse(files.get(".emrdag-manifest.json").contains("environment"), "the manifest is as it was");
    }

    @Test
    void outputOfTwoEnvironmentsOrOfNoneIsNeverMixed() throws IOException {
        Path project = project(SETTINGS);
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Emrdag.Request(project, out, false, "staging"));
        Files.move(out.resolve("staging"), out.resolve("prod"));
        MixedEnvironmentsException prod = assertThrows(MixedEnvironmentsException.class,
                () -> new Emrdag().checkAll(new Emrdag.Request(project, out, false, "prod")));
        assertTrue(prod.getMessage().startsWith(out.resolve("prod") + " holds the files of environment 'staging', not of environment 'prod'"),
                prod.getMessage());
        assertThrows(MixedEnvironmentsException.class, () -> new Emrdag().generate(new Emrdag.Request(project, out.resolve("prod"))),
                "the project as written is not generated over an environment's folder");

        Path flat = tmp.resolve("flat");
        new Emrdag().generate(new Emrdag.Request(project(TestProjects.SETTINGS), flat));
        Map<String, String> before = TestProjects.snapshot(flat);
        MixedEnvironmentsException inside = assertThrows(MixedEnvironmentsException.class,
                () -> new Emrdag().generateAll(new Emrdag.Request(project(SETTINGS), flat)));
        assertTrue(inside.getMessage().startsWith(flat + " holds generated files itself"), inside.getMessage());
        assertEquals(before, TestProjects.snapshot(flat), "nothing was written");
    }

    @Test
    void aMistakeInOneEnvironmentStopsEveryEnvironmentAndIsReportedOnce() {
        Path project = project(SETTINGS.replace("    deploy_to: mwaa:acme-prod\n", "    deploy_to: mwaa:acme-prod\n    targte: \"3.3.1\"\n"));
        Path out = tmp.resolve("out");
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().generateAll(new Emrdag.Request(project, out)));
        assertEquals(List.of("job-groups/emrdag.yaml:23:5: error[E100] environments.prod.targte: unknown key 'targte'\n  hint: did you mean 'target'?"),
                e.diagnostics().stream().map(Diagnostic::format).map(s -> s.replace(System.lineSeparator(), "\n")).toList());
        assertEquals(Map.of(), TestProjects.snapshot(out), "staging is not written either");
        MetadataException staging = assertThrows(MetadataException.class,
                () -> new Emrdag().validate(project, "staging"), "another environment's keys are checked too");
        assertEquals(e.diagnostics(), staging.diagnostics());
    }

    @Test
    void theProjectAsWrittenStaysAvailableToTheApi() {
        Path out = tmp.resolve("out");
        Emrdag.Outcome written = new Emrdag().generate(new Emrdag.Request(project(SETTINGS), out));
        assertEquals(null, written.environment());
        assertTrue(TestProjects.snapshot(out).get("orders_dag.py").contains("PROJECT = \"acme\""));
        assertEquals(List.of("staging", "prod"), new Emrdag().environments(project(SETTINGS)));
    }
}
