package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = EmrdagCommand.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void typoInAJobGroupGivesLocationHintExitOneAndWritesNothing() throws Exception {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        assertEquals(0, run("generate", "-p", project.toString(), "-o", output.toString()).exit());
        Map<String, String> before = TestProjects.snapshot(output);
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("description", "descripton"));
        Run run = run("generate", "-p", project.toString(), "-o", output.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("job-groups/orders.yaml:1:1: error[E100] descripton: unknown key 'descripton'"), run.err());
        assertTrue(run.err().contains("hint: did you mean 'description'?"), run.err());
        assertTrue(run.err().contains("nothing was written"), run.err());
        assertEquals(before, TestProjects.snapshot(output));
    }

    @Test
    void checkFailsOnAStaleFolderAndListsTheFile() throws Exception {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        assertEquals(0, run("generate", "-p", project.toString(), "-o", output.toString()).exit());
        assertEquals(0, run("check", "-p", project.toString(), "-o", output.toString()).exit());
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "new"));
        Run run = run("check", "-p", project.toString(), "-o", output.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("orders_dag.py"), run.err());
        assertTrue(Files.readString(output.resolve("orders_dag.py")).contains("Orders CDC"));
    }

    @Test
    void validateReportsTheJobGroups() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Run run = run("validate", "--project", project.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("1 job groups are valid: orders"), run.out());
    }

    @Test
    void usageErrorsExitTwoAndEnvironmentErrorsThree() {
        assertEquals(2, run("generate", "--no-such-option").exit());
        assertEquals(2, run().exit());
        assertEquals(3, run("validate", "-p", tmp.resolve("missing").toString()).exit());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"generate", "validate", "check"}) {
            Run run = run(command, "--help");
            assertEquals(0, run.exit());
            assertTrue(run.out().contains("Usage: emrdag " + command), run.out());
        }
    }
}
