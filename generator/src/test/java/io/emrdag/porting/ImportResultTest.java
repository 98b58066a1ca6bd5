package io.emrdag.porting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportResultTest {

    private static PortedDag ported(String id, List<String> listed, List<String> notCarried) {
        return new PortedDag(id + ".py", id, id, null, new PortedDag.Proof(List.of(), List.of(), List.of(), listed),
                new PortedDag.Tasks(List.of("create -> create_cluster"), List.of("check (a cluster sensor)"), notCarried),
                List.of("airflow.contrib.operators.emr_add_steps_operator -> airflow.providers.amazon.aws.operators.emr"));
    }

    @Test
    void aReplacedTaskIsByDesignAListedDifferenceIsNotIdentical() {
        ImportResult same = new ImportResult(List.of(ported("a", List.of(), List.of())), List.of(), List.of(), List.of(), "2.10.3");
        assertTrue(same.complete());
        assertTrue(same.identical());
        ImportResult listed = new ImportResult(List.of(ported("a", List.of("dag.schedule: timedelta(days=1) as @daily"), List.of())),
                List.of(), List.of(), List.of(), "2.10.3");
        assertTrue(listed.complete());
        assertFalse(listed.identical());
        ImportResult notCarried = new ImportResult(List.of(ported("a", List.of(), List.of("modify (no key)"))), List.of(), List.of(),
                List.of(), "2.10.3");
        assertFalse(notCarried.identical());
    }

    @Test
    void aSkippedDagOrAFileThatDidNotImportMakesItIncomplete() {
        PortedDag skipped = PortedDag.notPorted("x.py", "x", "no EMR task", List.of());
        assertFalse(new ImportResult(List.of(skipped), List.of(), List.of(), List.of(), "2.10.3").complete());
        assertFalse(new ImportResult(List.of(), List.of("y.py: does not import"), List.of(), List.of(), "2.10.3").complete());
    }

    @Test
    void theTableHasOneRowPerDagAndTheDetailsBelow() {
        ImportResult result = new ImportResult(List.of(ported("a", List.of(), List.of()), PortedDag.notPorted("x.py", "x", "no EMR task",
                List.of())), List.of("y.py: does not import: SyntaxError"), List.of(), List.of("shape_1: a, b"), "2.10.3");
        assertEquals(List.of(
                "| DAG | job group | request | steps | tasks carried | replaced (why) | not carried (why) | bridges |",
                "|---|---|---|---|---|---|---|---|",
                "| a | a | identical | identical | 1 | check (a cluster sensor) |  | 1 |",
                "| x | skipped: no EMR task | | | | | | 0 |",
                "a (a), a.py:",
                "  bridged: airflow.contrib.operators.emr_add_steps_operator -> airflow.providers.amazon.aws.operators.emr",
                "not imported: y.py: does not import: SyntaxError",
                "profile: shape_1: a, b",
                "1 of 2 DAGs ported (1 identical, 0 with every difference listed), 1 files not imported; read in Airflow 2.10.3"),
                result.table());
    }
}
