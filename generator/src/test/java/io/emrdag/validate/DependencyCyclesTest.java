package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.model.GroupSummary;
import io.emrdag.model.JobGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project-wide dependency check on shapes the corpus has no room for: disjoint cycles, and chains of 10,000. */
class DependencyCyclesTest {

    private static final int LONG = 10_000;

    @TempDir
    Path tmp;

    private static String waitingFor(String... upstreams) {
        return TestProjects.JOB_GROUP.replace("schedule:", "depends_on: [" + String.join(", ", upstreams) + "]\nschedule:");
    }

    private static String id(int i) {
        return "group_%05d".formatted(i);
    }

    @Test
    void twoDisjointCyclesAreEachReportedAtEveryMemberAndNothingElseIs() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("emrdag.yaml", TestProjects.SETTINGS);
        files.put("a.yaml", waitingFor("b"));
        files.put("b.yaml", waitingFor("c"));
        files.put("c.yaml", waitingFor("a"));
        files.put("d.yaml", waitingFor("a"));
        files.put("x.yaml", waitingFor("y"));
        files.put("y.yaml", waitingFor("x"));
        Path project = TestProjects.project(tmp, files);
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        String tail = " (each waits for the next); none of them would ever run\n  hint: remove one of these dependencies";
        assertEquals(List.of(
                "job-groups/a.yaml:2:14: error[E209] depends_on: job groups wait for each other in a cycle: a -> b -> c -> a" + tail,
                "job-groups/b.yaml:2:14: error[E209] depends_on: job groups wait for each other in a cycle: b -> c -> a -> b" + tail,
                "job-groups/c.yaml:2:14: error[E209] depends_on: job groups wait for each other in a cycle: c -> a -> b -> c" + tail,
                "job-groups/x.yaml:2:14: error[E209] depends_on: job groups wait for each other in a cycle: x -> y -> x" + tail,
                "job-groups/y.yaml:2:14: error[E209] depends_on: job groups wait for each other in a cycle: y -> x -> y" + tail),
                e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList());
    }

    /** One bound job group at the end of a chain of known ones (as an incremental run sees them). */
    private JobGroup lastOfChain() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, id(LONG - 1) + ".yaml", TestProjects.JOB_GROUP,
                id(LONG) + ".yaml", waitingFor(id(LONG - 1))));
        return TestProjects.bind(project, new Diagnostics()).jobGroups().stream().filter(g -> g.id().equals(id(LONG))).findFirst().orElseThrow();
    }

    private static List<GroupSummary> chain(String firstWaitsFor) {
        List<GroupSummary> chain = new ArrayList<>();
        for (int i = 0; i < LONG; i++) {
            List<String> upstreams = i == 0 ? (firstWaitsFor == null ? List.of() : List.of(firstWaitsFor)) : List.of(id(i - 1));
            chain.add(new GroupSummary(id(i), "job-groups/" + id(i) + ".yaml", "standard", upstreams));
        }
        return chain;
    }

    @Test
    void aChainOfTenThousandJobGroupsIsValidAndEachHasTheNextDownstream() {
        JobGroup last = lastOfChain();
        Diagnostics diagnostics = new Diagnostics();
        Map<String, List<String>> downstreams = DependencyChecks.check(List.of(last), chain(null), Map.of(), Set.of(), null, diagnostics);
        assertEquals(List.of(), diagnostics.sorted());
        assertEquals(LONG, downstreams.size());
        IntStream.range(0, LONG).forEach(i -> assertEquals(List.of(id(i + 1)), downstreams.get(id(i)), id(i)));
    }

    @Test
    void aCycleOfTenThousandAndOneJobGroupsIsReportedWholeWithoutOverflowingTheStack() {
        JobGroup last = lastOfChain();
        Diagnostics diagnostics = new Diagnostics();
        DependencyChecks.check(List.of(last), chain(id(LONG)), Map.of(), Set.of(), null, diagnostics);
        List<Diagnostic> found = diagnostics.sorted();
        assertEquals(1, found.size(), found::toString);
        assertEquals("E209", found.get(0).code());
        List<String> expected = new ArrayList<>();
        expected.add(id(LONG));
        IntStream.iterate(LONG - 1, i -> i >= 0, i -> i - 1).mapToObj(DependencyCyclesTest::id).forEach(expected::add);
        expected.add(id(LONG));
        String message = found.get(0).message();
        assertTrue(message.contains(": " + String.join(" -> ", expected) + " (each waits"), () -> message.substring(0, 200));
    }
}
