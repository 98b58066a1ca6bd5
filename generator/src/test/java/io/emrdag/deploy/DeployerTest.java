package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.emrdag.diagnostic.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployer against a real local DAG folder: plans, ownership, order, kills at every write, concurrency. */
class DeployerTest {

    @TempDir
    Path folder;

    private static final String FOREIGN = "other_team_dag.py";

    /** Version 1: modules v1, DAGs a, b, c. */
    private static List<DeployFile> v1() {
        return List.of(DeployFile.of("templates.py", "PROFILES = 1\n", null), DeployFile.of("template_generator.py", "G = 1\n", null),
                DeployFile.of("a_dag.py", "A1\n", "a"), DeployFile.of("b_dag.py", "B1\n", "b"), DeployFile.of("c_dag.py", "C1\n", "c"));
    }

    /** Version 2: templates changed, a unchanged, b changed, c removed, d added, and a new module. */
    private static List<DeployFile> v2() {
        return List.of(DeployFile.of("templates.py", "PROFILES = 2\n", null), DeployFile.of("template_generator.py", "G = 1\n", null),
                DeployFile.of("helpers.py", "H\n", null), DeployFile.of("a_dag.py", "A1\n", "a"), DeployFile.of("b_dag.py", "B2\n", "b"),
                DeployFile.of("d_dag.py", "import helpers\nD2\n", "d"));
    }

    private static Deployer.Options options(boolean dryRun) {
        return new Deployer.Options("default", "emrdag test", "tester@host", dryRun, false, Duration.ofSeconds(30), 4);
    }

    private DeployResult deploy(ObjectStore store, List<DeployFile> files) {
        return new Deployer(store, options(false), Progress.silent()).deploy(files);
    }

    private Map<String, String> folderContents() throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = folder.relativize(f).toString();
                if (!key.startsWith(".emrdag/")) {
                    contents.put(key, Files.readString(f));
                }
            }
        }
        return contents;
    }

    private static Map<String, String> expected(List<DeployFile> files) {
        Map<String, String> contents = new TreeMap<>();
        files.forEach(f -> contents.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
        contents.put(FOREIGN, "theirs\n");
        return contents;
    }

    /**
     * At every instant every DAG file in the folder finds the modules it imports: templates.py and
     * template_generator.py always, and each module named on an "import X" line.
     */
    private static void everyDagHasItsModules(ObjectStore store) {
        Map<String, ObjectStore.RemoteObject> listed = store.list();
        for (String key : listed.keySet()) {
            if (!key.endsWith("_dag.py") || key.equals(FOREIGN)) {
                continue;
            }
            List<String> needed = new ArrayList<>(List.of("templates.py", "template_generator.py"));
            java.util.Optional<ObjectStore.Fetched> present = store.get(key);
            if (present.isEmpty()) {
                continue; // deleted by a parallel step between the listing and this read: no longer in the folder
            }
            String text = new String(present.get().content(), StandardCharsets.UTF_8);
            text.lines().filter(l -> l.startsWith("import ")).forEach(l -> needed.add(l.substring(7).strip() + ".py"));
            for (String module : needed) {
                if (!listed.containsKey(module)) {
                    fail(key + " is in the folder without " + module + ": " + listed.keySet());
                }
            }
        }
    }

    @Test
    void atEveryWriteEachDagFindsItsModulesUpAndDown() throws IOException {
        Files.writeString(folder.resolve(FOREIGN), "theirs\n");
        for (List<DeployFile> version : List.of(v1(), v2(), v1(), List.<DeployFile>of())) {
            FaultyStore checked = new FaultyStore(new LocalObjectStore(folder), Integer.MAX_VALUE, DeployerTest::everyDagHasItsModules, Duration.ZERO);
            new Deployer(checked, options(false), Progress.silent()).deploy(version);
            assertEquals(expected(version), folderContents());
        }
    }

    @Test
    void deploysChangesOnlyAndAnUnchangedRedeployWritesNothing() throws IOException {
        Files.writeString(folder.resolve(FOREIGN), "theirs\n");
        try (LocalObjectStore store = new LocalObjectStore(folder)) {
            DeployResult first = deploy(store, v1());
            assertEquals(5, first.traffic().uploaded());
            assertEquals(expected(v1()), folderContents());

            DeployResult second = deploy(new LocalObjectStore(folder), v1());
            assertTrue(second.plan().upToDate());
            assertEquals(0, second.traffic().uploaded());
            assertEquals(Map.of("GET", 1, "LIST", 1), second.traffic().requests(), "an unchanged redeploy: one listing, one manifest read");

            DeployResult third = deploy(new LocalObjectStore(folder), v2());
            assertEquals(4, third.traffic().uploaded(), "templates.py, helpers.py, b, d");
            assertEquals(1, third.traffic().deleted(), "c");
            assertEquals(expected(v2()), folderContents());
            assertTrue(Files.exists(folder.resolve(FOREIGN)), "a file emrdag does not own is never touched");
        }
    }

    @Test
    void aDryRunPrintsThePlanAndWritesNothing() throws IOException {
        List<String> printed = new ArrayList<>();
        try (LocalObjectStore store = new LocalObjectStore(folder)) {
            DeployResult result = new Deployer(store, options(true), printed::add).deploy(v1());
            assertTrue(result.dryRun());
            assertEquals(Map.of("GET", 1, "LIST", 1), store.requestCounts());
        }
        assertEquals(Map.of(), folderContents().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertTrue(printed.contains("  add       DAG    a_dag.py"), printed.toString());
    }

    @Test
    void aForeignFileOfTheSameNameStopsTheDeployBeforeAnyWrite() throws IOException {
        Files.writeString(folder.resolve("b_dag.py"), "hand-written\n");
        try (LocalObjectStore store = new LocalObjectStore(folder)) {
            DeployConflictException e = assertThrows(DeployConflictException.class, () -> deploy(store, v1()));
            assertTrue(e.getMessage().startsWith("1 file in the way: b_dag.py exists in the target and is not emrdag's; nothing was written"), e.getMessage());
            assertTrue(e.getMessage().contains("--adopt"), e.getMessage());
            assertEquals(Map.of("GET", 1, "LIST", 1), store.requestCounts());
        }
        assertEquals(Map.of("b_dag.py", "hand-written\n"), folderContents());
    }

    /**
     * Kills the deploy v1 → v2 after each possible number of writes, checks after every single write that no DAG
     * is without its modules, then re-runs it (the dead deploy's lock has lapsed) and expects the exact v2 folder.
     */
    @Test
    void aDeployKilledAtAnyWriteConvergesWhenRunAgain() throws IOException {
        int allWrites;
        try (FaultyStore probe = new FaultyStore(new LocalObjectStore(folder.resolve("probe")), Integer.MAX_VALUE, s -> { }, Duration.ZERO)) {
            new Deployer(probe, options(false), Progress.silent()).deploy(v1());
            FaultyStore counting = new FaultyStore(new LocalObjectStore(folder.resolve("probe")), Integer.MAX_VALUE, s -> { }, Duration.ZERO);
            new Deployer(counting, options(false), Progress.silent()).deploy(v2());
            allWrites = counting.writes().size();
            assertEquals(List.of("PUT .emrdag/deploy.lock", "PUT .emrdag/default.deploy.json"), counting.writes().subList(0, 2));
            List<String> files = counting.writes().subList(2, counting.writes().size());
            assertTrue(files.indexOf("PUT templates.py") < files.indexOf("PUT b_dag.py"), files.toString());
            assertTrue(files.indexOf("PUT helpers.py") < files.indexOf("PUT d_dag.py"), files.toString());
            assertTrue(files.indexOf("PUT d_dag.py") < files.indexOf("DELETE c_dag.py"), files.toString());
        }
        assertTrue(allWrites >= 9, "lock, claim, 4 uploads, manifest, 1 delete, manifest, unlock");
        for (int k = 0; k < allWrites; k++) {
            Path dir = folder.resolve("kill-at-" + k);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FOREIGN), "theirs\n");
            new Deployer(new FaultyStore(new LocalObjectStore(dir), Integer.MAX_VALUE, DeployerTest::everyDagHasItsModules, Duration.ZERO),
                    options(false), Progress.silent()).deploy(v1());
            FaultyStore dying = new FaultyStore(new LocalObjectStore(dir), k, DeployerTest::everyDagHasItsModules, Duration.ZERO);
            try {
                new Deployer(dying, options(false), Progress.silent()).deploy(v2());
                fail("the store should have died after " + k + " writes");
            } catch (FaultyStore.Killed | IllegalStateException expected) {
                // The process is gone; what it left behind must be recoverable.
            }
            FaultyStore later = new FaultyStore(new LocalObjectStore(dir), Integer.MAX_VALUE, DeployerTest::everyDagHasItsModules, Duration.ofMinutes(5));
            new Deployer(later, options(false), Progress.silent()).deploy(v2());
            Path saved = folder;
            folder = dir;
            assertEquals(expected(v2()), folderContents(), "killed after " + k + " writes");
            folder = saved;
            DeployResult again = deploy(new LocalObjectStore(dir), v2());
            assertTrue(again.plan().upToDate(), "killed after " + k + " writes: the re-run leaves a settled manifest");
        }
    }

    @Test
    void aSecondDeployWhileOneRunsFailsNamingIt() throws Exception {
        CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            ObjectStore slow = new FaultyStore(new LocalObjectStore(folder), Integer.MAX_VALUE, s -> {
                if (s.get(DeployLock.KEY).isPresent() && firstHoldsTheLock.getCount() == 1) {
                    firstHoldsTheLock.countDown();
                    try {
                        secondTried.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, Duration.ZERO);
            new Deployer(slow, new Deployer.Options("default", "emrdag test", "first@ci", false, false, Duration.ofSeconds(30), 2),
                    Progress.silent()).deploy(v1());
        });
        first.start();
        assertTrue(firstHoldsTheLock.await(10, TimeUnit.SECONDS));
        DeployConflictException e = assertThrows(DeployConflictException.class, () -> new Deployer(new LocalObjectStore(folder),
                new Deployer.Options("default", "emrdag test", "second@ci", false, false, Duration.ofSeconds(30), 2), Progress.silent()).deploy(v1()));
        secondTried.countDown();
        first.join(10_000);
        assertTrue(e.getMessage().startsWith("another deploy is running on " + folder + ": deploy "), e.getMessage());
        assertTrue(e.getMessage().contains(" by first@ci (started "), e.getMessage());
        assertEquals(expected(v1()).size() - 1, folderContents().size(), "the first deploy completed");
        assertTrue(new LocalObjectStore(folder).get(DeployLock.KEY).isEmpty(), "and released its lock");
    }

    @Test
    void aLapsedLockIsTakenOverAndSaysWhose() throws IOException {
        try (LocalObjectStore store = new LocalObjectStore(folder)) {
            DeployLock.acquire(store, "crashed1", "gone@ci", Duration.ofSeconds(30), Progress.silent());
        }
        List<String> printed = new ArrayList<>();
        FaultyStore later = new FaultyStore(new LocalObjectStore(folder), Integer.MAX_VALUE, s -> { }, Duration.ofSeconds(31));
        new Deployer(later, options(false), printed::add).deploy(v1());
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("took over the lapsed lock of deploy crashed1 by gone@ci")), printed.toString());
    }
}
