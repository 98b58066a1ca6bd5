package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys to a local folder, a self-hosted Airflow's DAG folder: a folder that is not there is refused rather than
 * created (a misspelt path would otherwise take the DAGs while the real folder stays stale, and the deploy would say it
 * succeeded), and an environment of {@code emrdag.yaml} may deploy to one.
 */
class LocalDeployTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingLocalFolderIsRefusedAndNotCreated() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path real = tmp.resolve("airflow/dags");
        Path typo = tmp.resolve("airflow/dag");

        CliTest.Run refused = CliTest.run("deploy", "-p", project.toString(), "-t", typo.toString());

        assertEquals(EmrdagCommand.USER_ERROR, refused.exit(), refused.err());
        assertTrue(refused.err().contains("the local target folder " + typo + " does not exist: nothing was deployed"), refused.err());
        assertTrue(refused.err().contains("--create-folder"), refused.err());
        assertFalse(Files.exists(typo), "the misspelt folder was created");

        CliTest.Run created = CliTest.run("deploy", "-p", project.toString(), "-t", real.toString(), "--create-folder");
        assertEquals(0, created.exit(), created.err());
        assertTrue(Files.isRegularFile(real.resolve("orders_dag.py")), created.err());
    }

    @Test
    void anEnvironmentDeploysToItsOwnLocalFolder() throws Exception {
        Path dev = Files.createDirectories(tmp.resolve("airflow-dev/dags"));
        String settings = TestProjects.SETTINGS + "environments:\n"
                + "  dev:\n    deploy_to: " + dev + "\n"
                + "  prod:\n    deploy_to: mwaa:acme-prod\n";
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", settings, "orders.yaml", TestProjects.JOB_GROUP));

        CliTest.Run validate = CliTest.run("validate", "-p", project.toString());
        assertEquals(0, validate.exit(), validate.err());
        CliTest.Run deploy = CliTest.run("deploy", "-p", project.toString(), "--environment", "dev");

        assertEquals(0, deploy.exit(), deploy.err());
        assertTrue(Files.isRegularFile(dev.resolve("orders_dag.py")), deploy.err());
        assertTrue(Files.readString(dev.resolve(".emrdag/default.deploy.json")).contains("orders_dag.py"));
    }
}
