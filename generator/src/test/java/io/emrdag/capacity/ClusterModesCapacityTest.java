package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job group on an existing cluster adds no cluster, instance or vCPU of its own to the capacity model, and its runs
 * wait for no start-up; one whose steps go with its cluster counts like a transient one.
 */
class ClusterModesCapacityTest {

    @Test
    void anExistingClusterAddsNoClusterHoursAndNoStartup(@TempDir Path tmp) {
        String existing = TestProjects.JOB_GROUP.replace("steps:", "cluster: {mode: existing, cluster_id: j-2AXXXXXXGAPLF}\nsteps:");
        String withSteps = TestProjects.JOB_GROUP.replace("steps:", "cluster: {mode: with_steps}\nsteps:");
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "shared.yaml", existing,
                "own.yaml", withSteps));
        Diagnostics diagnostics = new Diagnostics();
        Project bound = TestProjects.bind(project, diagnostics);
        assertEquals(List.of(), diagnostics.sorted());
        CapacityPlan plan = CapacityPlan.of(bound, ModelYear.DEFAULT_YEAR);

        PlannedGroup shared = plan.byId().get("shared");
        assertEquals(List.of(), shared.footprint().nodes());
        assertEquals("no cluster of its own", shared.footprint().describe());
        assertEquals(0, Meter.CLUSTERS.amount(shared.footprint()));
        assertEquals(30, shared.run().minutes(), "the default step duration, without the cluster start-up");

        PlannedGroup own = plan.byId().get("own");
        assertEquals(1, Meter.CLUSTERS.amount(own.footprint()));
        assertEquals(40, own.run().minutes(), "10 min start-up and the default 30 min step");
        Concurrency levels = Concurrency.of(plan);
        assertEquals(1, levels.peak(Meter.CLUSTERS).value(), "both run at 02:00; only one of them has a cluster");
    }
}
