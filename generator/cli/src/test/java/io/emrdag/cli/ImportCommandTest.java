package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user errors {@code emrdag import} refuses before it reads a DAG (no Airflow needed): each one clear line, exit 1,
 * nothing written. Reading, porting and proving real DAGs is proven in python-tests/tests/test_port_import.py.
 */
class ImportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aSourceThatDoesNotExistIsRefused() {
        CliTest.Run run = CliTest.run("import", tmp.resolve("no-such-dags").toString(), "-p", tmp.resolve("project").toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("emrdag: source " + tmp.resolve("no-such-dags") + " does not exist"), run.err());
        assertFalse(Files.exists(tmp.resolve("project")));
    }

    @Test
    void anExistingProjectIsNeverOverwritten() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("emrdag.yaml"), "target: \"2.10.3\"\n");
        CliTest.Run run = CliTest.run("import", tmp.toString(), "-p", project.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("emrdag: refusing to overwrite " + project.resolve("emrdag.yaml")
                + "; import into a new project folder (-p), or move these files away; nothing was written"), run.err());
        assertEquals("target: \"2.10.3\"\n", Files.readString(project.resolve("emrdag.yaml")));
    }

    @Test
    void aVariablesFileThatIsNotAJsonObjectIsRefused() throws Exception {
        Path variables = Files.writeString(tmp.resolve("vars.json"), "[\"BUCKET\"]");
        CliTest.Run run = CliTest.run("import", tmp.toString(), "-p", tmp.resolve("project").toString(), "--variables", variables.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("emrdag: --variables " + variables + ": not a JSON object (expected {\"NAME\": value, …}"), run.err());
    }

    @Test
    void anUnknownTargetIsRefused() {
        CliTest.Run run = CliTest.run("import", tmp.toString(), "-p", tmp.resolve("project").toString(), "--target", "1.10.15");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("emrdag: unknown --target 1.10.15; one of [2.10.3"), run.err());
    }

    @Test
    void anAirflow3TargetIsRefusedWithTheWayOut() {
        CliTest.Run run = CliTest.run("import", tmp.toString(), "-p", tmp.resolve("project").toString(), "--target", "3.3.1");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("emrdag: --target 3.3.1: emrdag import reads and proves DAGs in an Airflow 2 target (2.10.3"), run.err());
        assertTrue(run.err().contains("import with one of them, then set target in emrdag.yaml"), run.err());
        assertFalse(Files.exists(tmp.resolve("project")));
    }

    @Test
    void helpNamesTheOptions() {
        CliTest.Run run = CliTest.run("import", "--help");
        assertEquals(0, run.exit());
        for (String option : new String[] {"--project", "--target", "--variables", "--strict", "SOURCE"}) {
            assertTrue(run.out().contains(option), run.out());
        }
    }
}
