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

/** Limits against peaks at the edges: a limit exceeded all the time, a peak exactly at the limit. */
class QuotaUseTest {

    @TempDir
    Path tmp;

    private CapacityPlan plan(String quotas, String scheduleA, String scheduleB) {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS + quotas,
                "a.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", scheduleA),
                "b.yaml", TestProjects.JOB_GROUP.replace("\"0 2 * * *\"", scheduleB)));
        Diagnostics diagnostics = new Diagnostics();
        Project resolved = TestProjects.bind(project, diagnostics);
        assertEquals(List.of(), diagnostics.sorted());
        return CapacityPlan.of(resolved, ModelYear.DEFAULT_YEAR);
    }

    @Test
    void aLimitExceededAllTheTimeIsOverTheWholePeakDayOnEveryDay() {
        CapacityPlan plan = plan("quotas: {clusters: 1}\n", "\"@continuous\"", "\"@continuous\"");
        QuotaUse clusters = QuotaUse.of(plan, Concurrency.of(plan)).get(0);
        assertEquals(2, clusters.peak().value());
        assertEquals(365, clusters.daysOver());
        assertEquals("Mon 5 Jan 2026, 00:00–24:00 UTC", TimeText.window(plan.year(), clusters.from(), clusters.to()));
        assertEquals(List.of("a", "b"), clusters.contributors().stream().map(c -> c.group().id()).toList());
    }

    @Test
    void aPeakAtTheLimitIsWithinIt() {
        // Two standard clusters (m5.xlarge + 2 r5.2xlarge: 20 vCPUs each) at 02:00 and 02:30, 40 minutes each.
        CapacityPlan plan = plan("quotas: {on_demand_vcpus: {standard: 40}}\n", "\"0 2 * * *\"", "\"30 2 * * *\"");
        QuotaUse use = QuotaUse.of(plan, Concurrency.of(plan)).get(0);
        assertEquals(40, use.peak().value());
        assertEquals(false, use.exceeded());
        assertEquals(0, use.daysOver());
        assertEquals(List.of(), use.contributors());
    }
}
