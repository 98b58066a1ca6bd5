package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job groups that wait for their upstream groups (depends_on) run in the capacity model when Airflow would start them:
 * once all upstreams have succeeded since their last run. Each run here takes 40 minutes (10 min start-up, one step
 * of the default 30).
 */
class DataAwareRunsTest {

    private static final int DAY = 24 * 60;

    @TempDir
    Path tmp;

    private CapacityPlan plan(Map<String, String> groups) {
        Map<String, String> files = new TreeMap<>();
        files.put("emrdag.yaml", TestProjects.SETTINGS);
        groups.forEach((id, head) -> files.put(id + ".yaml", TestProjects.JOB_GROUP.replace("schedule: \"0 2 * * *\"", head)));
        Path project = TestProjects.project(tmp, files);
        Diagnostics diagnostics = new Diagnostics();
        Project bound = TestProjects.bind(project, diagnostics);
        assertEquals(List.of(), diagnostics.sorted());
        return CapacityPlan.of(bound, ModelYear.DEFAULT_YEAR);
    }

    @Test
    void aGroupWithTwoUpstreamsRunsOnceBothHaveSucceededAndAChainFollows() {
        CapacityPlan plan = plan(Map.of(
                "a", "schedule: \"0 2 * * *\"",
                "b", "schedule: \"30 3 * * *\"",
                "report", "schedule: null\ndepends_on: [a, b]",
                "summary", "schedule: null\ndepends_on: [report]"));
        PlannedGroup report = plan.byId().get("report");
        assertEquals(PlannedGroup.Cadence.UPSTREAM, report.cadence());
        assertEquals(365, report.runsPerYear(plan.year()), "one run a day, after the later of the two");
        assertEquals(0, report.runs().longestWait().minutes(), "it keeps up: no run waits");
        // b succeeds at 03:30 + 40 min = 04:10 each day: report runs 04:10-04:50, summary 04:50-05:30.
        assertFalse(report.runs().covers(4 * 60 + 9));
        assertTrue(report.runs().covers(4 * 60 + 10) && report.runs().covers(DAY + 4 * 60 + 49));
        assertFalse(report.runs().covers(4 * 60 + 50));
        PlannedGroup summary = plan.byId().get("summary");
        assertEquals(365, summary.runsPerYear(plan.year()));
        assertTrue(summary.runs().covers(4 * 60 + 50) && !summary.runs().covers(4 * 60 + 49));
    }

    @Test
    void aScheduleAndUpstreamsTogetherRunOnBoth() {
        CapacityPlan plan = plan(Map.of(
                "a", "schedule: \"0 2 * * *\"",
                "monthly", "schedule: \"0 7 1 * *\"\ndepends_on: [a]"));
        PlannedGroup monthly = plan.byId().get("monthly");
        assertEquals(PlannedGroup.Cadence.SCHEDULED, monthly.cadence());
        assertEquals(365 + 12, monthly.runsPerYear(plan.year()), "after every run of a, and at 07:00 on the 1st");
        assertTrue(monthly.runs().covers(2 * 60 + 40) && monthly.runs().covers(7 * 60));
    }

    @Test
    void upstreamsAtDifferentCadencesTriggerAtTheSlowerOne() {
        CapacityPlan plan = plan(Map.of(
                "hourly", "schedule: \"0 * * * *\"",
                "weekly", "schedule: \"0 3 * * 1\"",
                "both", "schedule: null\ndepends_on: [hourly, weekly]"));
        assertEquals(52, plan.byId().get("both").runsPerYear(plan.year()), "once a week: hourly is always fresh by then");
    }

    @Test
    void aGroupTriggeredFasterThanItRunsRunsBackToBackAndNoMore() {
        // Every 10 minutes an upstream run succeeds; the dependant takes 40 minutes and runs one at a time.
        CapacityPlan plan = plan(Map.of(
                "often", "schedule: \"*/10 * * * *\"",
                "slow", "schedule: null\ndepends_on: [often]\nmax_active_runs: 1"));
        PlannedGroup slow = plan.byId().get("slow");
        int year = plan.year().minutes();
        assertTrue(slow.runsPerYear(plan.year()) <= year / 40 + 1, "at most one 40-minute run at a time: " + slow.runsPerYear(plan.year()));
        assertTrue(slow.runs().covers(DAY) && slow.runs().covers(200 * DAY), "busy all the time");
        assertTrue(slow.runs().longestWait().minutes() > 300 * DAY, "the queue never drains: " + slow.runs().longestWait());
    }

    @Test
    void aLongChainOfTimeOrDataGroupsStaysBounded() {
        Map<String, String> groups = new TreeMap<>();
        groups.put("g000", "schedule: \"0 1 * * *\"");
        for (int i = 1; i < 200; i++) {
            groups.put("g%03d".formatted(i), "schedule: \"0 1 * * *\"\ndepends_on: [g%03d]".formatted(i - 1));
        }
        CapacityPlan plan = plan(groups);
        int most = plan.year().minutes() / 40 + 1;
        assertTrue(plan.groups().stream().allMatch(g -> g.runsPerYear(plan.year()) <= most), "no job group runs more often than it can");
        // g001 runs daily on its schedule and after each g000 run: twice a day.
        assertEquals(2 * 365, plan.byId().get("g001").runsPerYear(plan.year()));
    }

    @Test
    void aChainOfTenThousandWrittenAgainstTheFileOrderIsPlannedWithoutOverflowingTheStack() {
        int length = 10_000;
        Map<String, String> groups = new TreeMap<>();
        for (int i = 0; i < length; i++) {
            // Each waits for the one after it in file order: the first one planned has the whole chain upstream.
            groups.put("group_%05d".formatted(i), i == length - 1 ? "schedule: \"0 2 * * *\"" : "schedule: null\ndepends_on: [group_%05d]".formatted(i + 1));
        }
        CapacityPlan plan = plan(groups);
        PlannedGroup source = plan.byId().get("group_09999");
        PlannedGroup next = plan.byId().get("group_09998");
        PlannedGroup first = plan.byId().get("group_00000");
        assertEquals(length, plan.byId().size());
        assertEquals(PlannedGroup.Cadence.UPSTREAM, first.cadence());
        assertEquals(source.runsPerYear(plan.year()), next.runsPerYear(plan.year()), "the one right after keeps up, one run a day");
        assertTrue(first.runsPerYear(plan.year()) > 0, "the far end of the chain still runs within the year");
    }
}
