package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emrdag init} in an empty folder, then {@code generate && validate && verify} as the README says: verify
 * imports the new project's DAGs in real Airflow 2.10.3 (emrdag's pinned venv, created on first use, then cached).
 */
class InitIT {

    @TempDir
    Path tmp;

    @Test
    void aNewProjectGeneratesValidatesAndVerifies() throws Exception {
        Path folder = tmp.resolve("my-dags");
        CliTest.Run init = CliTest.run("init", folder.toString());
        assertEquals(EmrdagCommand.OK, init.exit(), init.err());
        String project = folder.resolve("job-groups").toString();
        String output = folder.resolve("generated-dags").toString();
        CliTest.Run generate = CliTest.run("generate", "-p", project, "-o", output);
        assertEquals(EmrdagCommand.OK, generate.exit(), generate.err());
        assertTrue(Files.isRegularFile(folder.resolve("generated-dags/staging/orders_daily_dag.py")), generate.out());
        CliTest.Run validate = CliTest.run("validate", "-p", project);
        assertEquals(EmrdagCommand.OK, validate.exit(), validate.err());
        assertTrue(!validate.err().contains("warning") && !validate.out().contains("warning"), "a new project has no warnings: " + validate.err());
        CliTest.Run verify = CliTest.run("verify", "-p", project, "-o", output);
        assertEquals(EmrdagCommand.OK, verify.exit(), verify.out() + verify.err());
        assertTrue((verify.out() + verify.err()).contains("import cleanly in Airflow 2.10.3"), verify.out() + verify.err());
        CliTest.Run check = CliTest.run("check", "-p", project, "-o", output);
        assertEquals(EmrdagCommand.OK, check.exit(), check.err());

        CliTest.Run again = CliTest.run("init", folder.toString());
        assertEquals(EmrdagCommand.USER_ERROR, again.exit());
        assertTrue(again.err().contains("nothing was written"), again.err());
    }
}
