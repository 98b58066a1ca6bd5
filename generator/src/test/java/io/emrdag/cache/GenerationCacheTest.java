package io.emrdag.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.pipeline.Outcome;
import io.emrdag.pipeline.Request;
import io.emrdag.resolve.MergedProject;
import io.emrdag.resolve.ProjectResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationCacheTest {

    private static final String WARNED_GROUP = """
            description: Its watchers poke longer than its tasks may run
            schedule: "0 4 * * *"
            execution_timeout: 1h
            sensor: {mode: poke, timeout: 5h}
            steps:
              - name: load
                script: load.py
            """;

    @TempDir
    Path tmp;
    Path project;
    Path output;

    @BeforeEach
    void setUp() {
        project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP,
                "sub/claims.yaml", TestProjects.JOB_GROUP.replace("0 2 * * *", "30 3 * * *"), "warned.yaml", WARNED_GROUP));
        output = tmp.resolve("dags");
    }

    private Outcome generate() {
        return new Emrdag().generate(new Request(project, output, true));
    }

    /** The job groups the next incremental run would take over instead of binding them. */
    private List<String> reusable() {
        GenerationCache cache = GenerationCache.open(project, output, null, Emrdag.VERSION, ProjectResolver.label(project));
        MergedProject merged = new ProjectResolver().resolve(project, new Diagnostics());
        return merged.files().stream().map(f -> cache.lookUp(f.source(), f.file(), f.attributes(), f.id())).flatMap(Optional::stream)
                .map(ReusedGroup::id).sorted().toList();
    }

    @Test
    void aSecondRunReusesEveryJobGroupWithoutFindingsAndStillShowsTheWarnings() throws IOException {
        Outcome first = generate();
        assertEquals(3, first.jobGroups());
        assertEquals(List.of("W240"), first.warnings().stream().map(Diagnostic::code).toList());
        assertEquals(List.of("claims", "orders"), reusable());
        Outcome second = generate();
        assertTrue(second.plan().upToDate());
        assertEquals(3, second.jobGroups());
        assertEquals(List.of("W240"), second.warnings().stream().map(Diagnostic::code).toList(),
                "a job group with warnings is bound again on every run, so its warnings never go quiet");
        assertTrue(Files.readString(project.resolve(GenerationCache.FOLDER + "/.gitignore"))
                .lines().anyMatch("*"::equals), "the cache ignores itself in git");
    }

    @Test
    void aChangedMetadataFileIsBoundAgainAndTheOthersAreNot() {
        generate();
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "Orders CDC v2"));
        assertEquals(List.of("claims"), reusable());
        assertEquals(List.of("orders_dag.py"), generate().plan().changed());
        assertEquals(List.of("claims", "orders"), reusable());
    }

    @Test
    void aDagFileEditedByHandIsRenderedAgainAndRestored() throws IOException {
        generate();
        Path dag = output.resolve("orders_dag.py");
        String generated = Files.readString(dag);
        Files.writeString(dag, generated.replace("Orders CDC", "Orders XXX"));
        assertEquals(List.of("claims"), reusable());
        assertEquals(List.of("orders_dag.py"), generate().plan().changed());
        assertEquals(generated, Files.readString(dag));
    }

    @Test
    void anEditThatKeepsSizeAndTimestampRightAfterTheRunIsCaughtByItsContent() throws IOException {
        generate();
        Path dag = output.resolve("orders_dag.py");
        String generated = Files.readString(dag);
        editInPlaceKeepingSizeAndTimestamp(dag);
        assertEquals(List.of("claims"), reusable(), "a timestamp this close to the run cannot prove the file unchanged");
        assertEquals(List.of("orders_dag.py"), generate().plan().changed());
        assertEquals(generated, Files.readString(dag));
    }

    /**
     * A metadata file is known by its identity (size, timestamp, inode) without being read; an edit in place
     * that keeps size and timestamp can only go unseen when the timestamp is too recent to prove anything, and
     * then the file is read and hashed. (A timestamp set back by hand on purpose defeats this, as it does git.)
     */
    @Test
    void aMetadataEditThatKeepsSizeAndTimestampRightAfterTheRunIsCaughtByItsContent() throws IOException {
        generate();
        editInPlaceKeepingSizeAndTimestamp(project.resolve("orders.yaml"));
        assertEquals(List.of("claims"), reusable());
        assertEquals(List.of("orders_dag.py"), generate().plan().changed());
    }

    @Test
    void aDamagedOrForeignCacheIsIgnored() throws IOException {
        generate();
        try (var files = Files.list(project.resolve(GenerationCache.FOLDER))) {
            List<Path> caches = files.filter(f -> f.toString().endsWith(".bin")).toList();
            assertEquals(1, caches.size(), "one cache, the one damaged below");
            Files.writeString(caches.get(0), "{\"key\": [1, 2");
        }
        assertEquals(List.of(), reusable());
        assertTrue(generate().plan().upToDate());
        assertEquals(List.of("claims", "orders"), reusable(), "the next run writes a good cache again");
    }

    @Test
    void aCacheWithOneByteChangedIsIgnoredAsAWhole() throws IOException {
        generate();
        Path cache;
        try (var files = Files.list(project.resolve(GenerationCache.FOLDER))) {
            cache = files.filter(f -> f.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cache);
        // A hex digit of a recorded DAG file's hash, changed into another hex digit: well-formed, only the checksum knows.
        int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("_dag.py") + "_dag.py".length() + 6;
        bytes[at] = (byte) (bytes[at] == '0' ? '1' : '0');
        Files.write(cache, bytes);
        assertEquals(List.of(), reusable());
        assertTrue(generate().plan().upToDate());
        assertEquals(List.of("claims", "orders"), reusable());
    }

    @Test
    void theJsonCacheOfAnEarlierVersionIsIgnoredAndDeleted() throws IOException {
        generate();
        Path cache;
        try (var files = Files.list(project.resolve(GenerationCache.FOLDER))) {
            cache = files.filter(f -> f.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        Path old = cache.resolveSibling(cache.getFileName().toString().replace(".bin", ".json"));
        Files.writeString(old, "{\"key\": \"emrdag generation cache 3\", \"groups\": {}}");
        Files.delete(cache);
        assertEquals(List.of(), reusable());
        assertTrue(generate().plan().upToDate());
        assertFalse(Files.exists(old));
        assertEquals(List.of("claims", "orders"), reusable());
    }

    @Test
    void anotherOutputFolderHasItsOwnCache() {
        generate();
        Path other = tmp.resolve("other");
        Outcome outcome = new Emrdag().generate(new Request(project, other, true));
        assertEquals(6, outcome.plan().added().size(), "a folder never generated into gets every file");
        assertEquals(TestProjects.snapshot(output), TestProjects.snapshot(other));
        assertEquals(List.of("claims", "orders"), reusable());
    }

    /**
     * The property that matters: whatever the sequence of edits, an incremental run leaves exactly the files a
     * full run into an empty folder writes, manifest included. Seeded, so a failure replays.
     */
    @Test
    void incrementalOutputIsAlwaysByteIdenticalToAFullRun() throws IOException {
        Random random = new Random(20261125L);
        List<Consumer<Integer>> edits = new ArrayList<>();
        edits.add(i -> TestProjects.write(project.resolve("g" + i + ".yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "Group " + i)));
        edits.add(i -> TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("0 2 * * *", (i % 60) + " 2 * * *")));
        edits.add(i -> deleteQuietly(project.resolve("g" + (i - 1) + ".yaml")));
        edits.add(i -> TestProjects.write(project.resolve("emrdag.yaml"), TestProjects.SETTINGS.replace("instance_count: 2", "instance_count: " + (2 + i % 3))));
        edits.add(i -> TestProjects.write(project.resolve("sub/claims.yaml"), TestProjects.JOB_GROUP.replace("schedule: \"0 2 * * *\"", "schedule: \"@daily\"")));
        edits.add(i -> TestProjects.write(project.resolve("warned.yaml"), i % 2 == 0 ? WARNED_GROUP : TestProjects.JOB_GROUP));
        edits.add(i -> TestProjects.write(project.resolve("emrdag.yaml"), TestProjects.SETTINGS + "# comment " + i + "\n"));
        edits.add(i -> { });
        for (int step = 0; step < 40; step++) {
            edits.get(random.nextInt(edits.size())).accept(step);
            generate();
            Path full = tmp.resolve("full-" + step);
            new Emrdag().generate(new Request(project, full, false));
            assertEquals(TestProjects.snapshot(full), TestProjects.snapshot(output), "after step " + step);
        }
        assertNotEquals(List.of(), reusable());
    }

    /** Rewrites {@code file} in place (same inode) with a same-length edit, then sets its timestamp back. */
    private static void editInPlaceKeepingSizeAndTimestamp(Path file) throws IOException {
        String text = Files.readString(file);
        FileTime recorded = Files.getLastModifiedTime(file);
        String edited = text.replace("Orders CDC", "Orders XYZ");
        assertNotEquals(text, edited);
        assertEquals(text.length(), edited.length());
        Files.write(file, edited.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, recorded);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
