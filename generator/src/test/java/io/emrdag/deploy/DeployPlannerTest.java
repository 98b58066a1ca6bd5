package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.deploy.DeployPlan.Action;
import io.emrdag.deploy.ObjectStore.RemoteObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeployPlannerTest {

    private final DeployPlanner planner = new DeployPlanner("default", "emrdag test");

    private static DeployFile dag(String id, String text) {
        return DeployFile.of(id + "_dag.py", text, id);
    }

    private static DeployFile module(String name, String text) {
        return DeployFile.of(name, text, null);
    }

    private static RemoteObject remote(DeployFile file) {
        return new RemoteObject(file.md5(), file.content().length);
    }

    private static DeployManifest owning(DeployFile... files) {
        Map<String, DeployManifest.Entry> entries = new TreeMap<>();
        for (DeployFile f : files) {
            entries.put(f.path(), DeployManifest.Entry.of(f, f.md5()));
        }
        return new DeployManifest(1, "default", "emrdag test", "old", entries, Map.of());
    }

    private static Map<String, Action> actions(DeployPlan plan) {
        return plan.changes().stream().collect(Collectors.toMap(DeployPlan.Change::path, DeployPlan.Change::action, (a, b) -> a, TreeMap::new));
    }

    @Test
    void firstDeployAddsEverythingAndLeavesForeignFilesAlone() {
        DeployPlan plan = planner.plan(List.of(module("templates.py", "T"), dag("a", "A")),
                Map.of("other_team_dag.py", new RemoteObject("x", 1)), DeployManifest.empty("default"), false, "id");
        assertEquals(Map.of("templates.py", Action.ADD, "a_dag.py", Action.ADD), actions(plan));
        assertEquals(1, plan.foreign());
        assertFalse(plan.upToDate());
    }

    @Test
    void unchangedContentIsRecognisedByMd5OrByTheRecordedTagOfTheSameHash() {
        DeployFile a = dag("a", "A");
        DeployFile b = dag("b", "B");
        DeployManifest manifest = new DeployManifest(1, "default", "t", "old", Map.of(
                "a_dag.py", DeployManifest.Entry.of(a, a.md5()),
                "b_dag.py", DeployManifest.Entry.of(b, "kms-style-etag")), Map.of());
        DeployPlan plan = planner.plan(List.of(a, b), Map.of("a_dag.py", remote(a), "b_dag.py", new RemoteObject("kms-style-etag", 1)),
                manifest, false, "id");
        assertEquals(Map.of("a_dag.py", Action.UNCHANGED, "b_dag.py", Action.UNCHANGED), actions(plan));
        assertTrue(plan.upToDate());
        assertTrue(plan.steps().isEmpty());
    }

    @Test
    void changedRemovedAndTamperedFiles() {
        DeployFile oldA = dag("a", "A1");
        DeployFile newA = dag("a", "A2");
        DeployFile gone = dag("gone", "G");
        DeployFile tampered = dag("t", "T");
        DeployPlan plan = planner.plan(List.of(newA, tampered),
                Map.of("a_dag.py", remote(oldA), "gone_dag.py", remote(gone), "t_dag.py", new RemoteObject("edited-by-hand", 3)),
                owning(oldA, gone, tampered), false, "id");
        assertEquals(Map.of("a_dag.py", Action.CHANGE, "gone_dag.py", Action.DELETE, "t_dag.py", Action.CHANGE), actions(plan));
        DeployPlan.Change t = plan.changes().stream().filter(c -> c.path().equals("t_dag.py")).findFirst().orElseThrow();
        assertEquals("changed in the target since the last deploy", t.note());
        assertEquals("edited-by-hand", t.remoteEtag(), "the write is conditional on the state that was planned against");
    }

    @Test
    void aSameNamedFileEmrdagDoesNotOwnIsAConflictUnlessAdopted() {
        DeployFile a = dag("a", "A");
        Map<String, RemoteObject> there = Map.of("a_dag.py", new RemoteObject("someone-elses", 9), "templates.py", remote(module("templates.py", "T")));
        DeployPlan plan = planner.plan(List.of(a, module("templates.py", "T")), there, DeployManifest.empty("default"), false, "id");
        assertEquals(List.of("a_dag.py", "templates.py"), plan.conflicts());

        DeployPlan adopted = planner.plan(List.of(a, module("templates.py", "T")), there, DeployManifest.empty("default"), true, "id");
        assertTrue(adopted.conflicts().isEmpty());
        assertEquals(Map.of("a_dag.py", Action.CHANGE, "templates.py", Action.ADOPT), actions(adopted));
        assertEquals(2, adopted.manifest().files().size());
    }

    @Test
    void pendingClaimsOfAnInterruptedDeployAreOwnedAndSettled() {
        DeployFile a = dag("a", "A");
        DeployManifest interrupted = new DeployManifest(1, "default", "t", "old", Map.of(),
                Map.of("a_dag.py", DeployFile.FileKind.DAG, "never_written_dag.py", DeployFile.FileKind.DAG));
        DeployPlan plan = planner.plan(List.of(a), Map.of("a_dag.py", remote(a)), interrupted, false, "id");
        assertEquals(Map.of("a_dag.py", Action.UNCHANGED, "never_written_dag.py", Action.FORGET), actions(plan));
        assertTrue(plan.conflicts().isEmpty());
        assertFalse(plan.upToDate(), "the manifest still has to record the settled claims");
        assertTrue(plan.steps().isEmpty(), "but no file is written");
    }

    @Test
    void stepsRunModulesFirstThenDagsThenDagDeletionsThenModuleDeletions() {
        DeployFile oldModule = module("old_helpers.py", "H");
        DeployFile oldDag = dag("old", "O");
        DeployPlan plan = planner.plan(List.of(dag("z", "Z"), module("templates.py", "T"), dag("b", "B")),
                Map.of("old_helpers.py", remote(oldModule), "old_dag.py", remote(oldDag)), owning(oldModule, oldDag), false, "id");
        assertEquals(List.of("templates.py", "b_dag.py", "z_dag.py", "old_dag.py", "old_helpers.py"),
                plan.steps().stream().map(DeployPlan.Change::path).toList());
    }

    @Test
    void theTableSummarisesByKindAndListsEveryChange() {
        DeployPlan plan = planner.plan(List.of(dag("a", "A"), module("templates.py", "T")),
                Map.of("x.py", new RemoteObject("e", 1)), DeployManifest.empty("default"), false, "id");
        assertEquals(List.of(
                "Plan for s3://b/dags/:",
                "               add  change  delete   adopt unchanged",
                "  modules        1       0       0       0         0",
                "  DAGs           1       0       0       0         0",
                "  add       module templates.py",
                "  add       DAG    a_dag.py",
                "  1 other file in the folder: not emrdag's, left alone"), plan.table("s3://b/dags/"));
    }

    private static Map<String, java.util.Set<String>> contract(String template, String... names) {
        return Map.of("templates.py#" + template, java.util.Set.of(names));
    }

    @Test
    void anOldDagThatANewModuleWouldBreakIsWithdrawnBeforeAndPutBackAfter() {
        DeployFile oldTemplates = module("templates.py", "large, standard").withContract(Map.of(
                "templates.py#JOB_FLOW_OVERRIDES[large]", java.util.Set.of("count"),
                "templates.py#JOB_FLOW_OVERRIDES[standard]", java.util.Set.of("count")));
        DeployFile newTemplates = module("templates.py", "xlarge, standard+type").withContract(Map.of(
                "templates.py#JOB_FLOW_OVERRIDES[xlarge]", java.util.Set.of("count"),
                "templates.py#JOB_FLOW_OVERRIDES[standard]", java.util.Set.of("count", "type")));
        DeployFile renamedOld = dag("renamed", "on large").withContract(contract("JOB_FLOW_OVERRIDES[large]", "count"));
        DeployFile renamedNew = dag("renamed", "on xlarge").withContract(contract("JOB_FLOW_OVERRIDES[xlarge]", "count"));
        DeployFile gainsOld = dag("gains", "standard, count").withContract(contract("JOB_FLOW_OVERRIDES[standard]", "count"));
        DeployFile gainsNew = dag("gains", "standard, count+type").withContract(contract("JOB_FLOW_OVERRIDES[standard]", "count", "type"));
        DeployFile removed = dag("removed", "on large").withContract(contract("JOB_FLOW_OVERRIDES[large]", "count"));
        DeployFile fineOld = dag("fine", "xlarge-ready v1").withContract(contract("JOB_FLOW_OVERRIDES[standard]", "count", "type"));
        DeployFile fineNew = dag("fine", "xlarge-ready v2").withContract(contract("JOB_FLOW_OVERRIDES[standard]", "count", "type"));
        Map<String, RemoteObject> there = new TreeMap<>();
        for (DeployFile f : List.of(oldTemplates, renamedOld, gainsOld, removed, fineOld)) {
            there.put(f.path(), remote(f));
        }
        DeployPlan plan = planner.plan(List.of(newTemplates, renamedNew, gainsNew, fineNew), there,
                owning(oldTemplates, renamedOld, gainsOld, removed, fineOld), false, "id");
        assertEquals(List.of(
                "DELETE gains_dag.py", "DELETE removed_dag.py", "DELETE renamed_dag.py",
                "CHANGE templates.py",
                "CHANGE fine_dag.py", "ADD gains_dag.py", "ADD renamed_dag.py"),
                plan.steps().stream().map(c -> c.action() + " " + c.path()).toList());
        assertTrue(plan.steps().stream().filter(c -> c.action() == Action.ADD).allMatch(c -> c.remoteEtag() == null),
                "a withdrawn file comes back as a new file (If-None-Match)");
        assertTrue(plan.table("t").contains(
                "  change    DAG    gains_dag.py  (withdrawn before templates.py changes: the deployed version would not import with the new one)"),
                plan.table("t").toString());
    }

    @Test
    void theContractOfEachDeployedFileIsRecordedInTheManifest() {
        DeployFile a = dag("a", "A").withContract(contract("JOB_FLOW_OVERRIDES[large]", "count", "type"));
        DeployPlan plan = planner.plan(List.of(a), Map.of(), DeployManifest.empty("default"), false, "id");
        String json = new String(plan.manifest().toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"templates.py#JOB_FLOW_OVERRIDES[large]\" : [ \"count\", \"type\" ]"), json);
        assertEquals(plan.manifest().files(), DeployManifest.parse(plan.manifest().toJson(), "here").files());
    }
}
