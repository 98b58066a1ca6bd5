package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.deploy.DeployFile;
import io.emrdag.pipeline.Deployable;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedContractsTest {

    @Test
    void theExamplesDeclareWhatTheyShareAndOneGenerationIsConsistent() {
        Deployable deployable = new Emrdag().deployable(TestProjects.REPO.resolve("job-groups"));
        DeployFile templates = deployable.files().stream().filter(f -> f.path().equals("templates.py")).findFirst().orElseThrow();
        assertEquals(Set.of("templates.py#JOB_FLOW_OVERRIDES[fleet]", "templates.py#JOB_FLOW_OVERRIDES[large]",
                "templates.py#JOB_FLOW_OVERRIDES[standard]", "templates.py#SPARK_STEP"),
                templates.contract().keySet());
        assertEquals(Set.of("action_on_failure", "args", "name"), templates.contract().get("templates.py#SPARK_STEP"));
        assertEquals(Set.of("cluster_name", "job_group", "core_instance_count", "core_instance_type", "master_instance_count",
                "master_instance_type", "task_instance_count", "task_instance_type"), templates.contract().get("templates.py#JOB_FLOW_OVERRIDES[large]"));
        DeployFile claims = deployable.files().stream().filter(f -> f.path().equals("claims_cdc_dag.py")).findFirst().orElseThrow();
        assertEquals(Map.of(
                "templates.py#JOB_FLOW_OVERRIDES[large]", Set.of("cluster_name", "job_group", "core_instance_count", "core_instance_type",
                        "master_instance_count", "master_instance_type", "task_instance_count", "task_instance_type"),
                "templates.py#SPARK_STEP", Set.of("action_on_failure", "args", "name")), claims.contract());
        deployable.files().stream().filter(f -> f.kind() == DeployFile.FileKind.DAG).forEach(dag ->
                assertFalse(templatesBreak(templates, dag), dag.path() + " must import beside the templates.py generated with it"));
    }

    private static boolean templatesBreak(DeployFile templates, DeployFile dag) {
        for (Map.Entry<String, Set<String>> fill : dag.contract().entrySet()) {
            Set<String> placeholders = templates.contract().get(fill.getKey());
            if (placeholders == null || !fill.getValue().containsAll(placeholders)) {
                return true;
            }
        }
        return false;
    }
}
