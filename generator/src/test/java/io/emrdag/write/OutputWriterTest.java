package io.emrdag.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.hash.Sha256;
import io.emrdag.pipeline.Outcome;
import io.emrdag.pipeline.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWriterTest {

    @TempDir
    Path tmp;
    Path project;
    Path output;

    @BeforeEach
    void setUp() {
        project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP,
                "sub/claims.yaml", TestProjects.JOB_GROUP));
        output = tmp.resolve("dags");
    }

    private Outcome generate() {
        return new Emrdag().generate(new Request(project, output));
    }

    @Test
    void secondRunWritesNothingAndLeavesFilesUntouched() throws IOException {
        assertEquals(List.of("claims_dag.py", "cluster_janitor.py", "orders_dag.py", "template_generator.py", "templates.py"),
                generate().plan().added().stream().sorted().toList());
        var before = Files.getLastModifiedTime(output.resolve("orders_dag.py"));
        Outcome second = generate();
        assertTrue(second.plan().upToDate());
        assertEquals(0, second.plan().writes());
        assertEquals(before, Files.getLastModifiedTime(output.resolve("orders_dag.py")));
    }

    @Test
    void onlyTheChangedJobGroupIsRewritten() {
        generate();
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "Orders CDC v2"));
        WritePlan plan = generate().plan();
        assertEquals(List.of("orders_dag.py"), plan.changed());
        assertEquals(List.of(), plan.added());
    }

    @Test
    void removedJobGroupIsDeletedButForeignFilesAreLeftAlone() throws IOException {
        generate();
        Files.writeString(output.resolve("other_team_dag.py"), "# someone else's DAG\n");
        Files.delete(project.resolve("sub/claims.yaml"));
        WritePlan plan = generate().plan();
        assertEquals(List.of("claims_dag.py"), plan.deleted());
        assertFalse(Files.exists(output.resolve("claims_dag.py")));
        assertEquals("# someone else's DAG\n", Files.readString(output.resolve("other_team_dag.py")));
    }

    @Test
    void aForeignFileWhereADagWouldGoIsNeverOverwritten() throws IOException {
        Files.createDirectories(output);
        Files.writeString(output.resolve("orders_dag.py"), "# hand-written\n");
        assertThrows(ForeignFileException.class, this::generate);
        assertEquals(Map.of("orders_dag.py", "# hand-written\n"), TestProjects.snapshot(output));
    }

    @Test
    void metadataErrorsLeaveTheOutputByteForByteUnchanged() {
        generate();
        Map<String, String> before = TestProjects.snapshot(output);
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("schedule", "schedul"));
        assertThrows(MetadataException.class, this::generate);
        assertEquals(before, TestProjects.snapshot(output));
    }

    @Test
    void aWriteFailureLeavesTheOutputAsItWas() throws IOException {
        generate();
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "changed"));
        TestProjects.write(project.resolve("zeta.yaml"), TestProjects.JOB_GROUP);
        // A folder where the new DAG file must go makes its write fail after other files were staged.
        Files.createDirectories(output.resolve("zeta_dag.py.emrdag-tmp"));
        Files.writeString(output.resolve("zeta_dag.py.emrdag-tmp").resolve("blocker"), "x");
        Map<String, String> before = TestProjects.snapshot(output);
        assertThrows(EnvironmentException.class, this::generate);
        assertEquals(before, TestProjects.snapshot(output));
    }

    @Test
    void aFailureWhileMovingFilesIntoPlaceIsRolledBack() throws IOException {
        generate();
        TestProjects.write(project.resolve("sub/claims.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "claims v2"));
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "orders v2"));
        // claims_dag.py is moved into place first; the backup of orders_dag.py then cannot be made.
        Files.createDirectories(output.resolve("orders_dag.py.emrdag-bak"));
        Files.writeString(output.resolve("orders_dag.py.emrdag-bak").resolve("blocker"), "x");
        Map<String, String> before = TestProjects.snapshot(output);
        EnvironmentException failure = assertThrows(EnvironmentException.class, this::generate);
        assertTrue(failure.getMessage().contains("restored as it was"), failure.getMessage());
        assertEquals(before, TestProjects.snapshot(output));
    }

    @Test
    void checkReportsStaleAndHandEditedFiles() throws IOException {
        generate();
        new Emrdag().check(new Request(project, output));
        Files.writeString(output.resolve("orders_dag.py"), Files.readString(output.resolve("orders_dag.py")) + "# edit\n");
        StaleOutputException stale = assertThrows(StaleOutputException.class, () -> new Emrdag().check(new Request(project, output)));
        assertEquals(List.of("orders_dag.py"), stale.plan().changed());
        assertTrue(stale.getMessage().contains("Run 'mvn emrdag:generate' (or 'emrdag generate') to fix"), stale.getMessage());
    }

    @Test
    void aManifestAsDesiredIsKnownByItsBytesAndAnyOtherIsParsed() throws IOException {
        generate();
        OutputWriter writer = new OutputWriter();
        Path file = output.resolve(Manifest.FILE_NAME);
        Manifest desired = Manifest.parse(Files.readString(file));
        OutputWriter.Current same = writer.readManifest(output, desired);
        assertTrue(same.asDesired());
        assertEquals(desired, same.manifest());
        assertFalse(writer.plan(output, same, List.of(), desired.files().keySet(), desired).manifestChanged());

        // The same entries, written differently (a hand edit that only re-indents): rewritten, as before.
        Files.writeString(file, Files.readString(file).replace("\n  \"files\"", "\n    \"files\""));
        OutputWriter.Current reindented = writer.readManifest(output, desired);
        assertFalse(reindented.asDesired());
        assertEquals(desired, reindented.manifest());
        assertTrue(writer.plan(output, reindented, List.of(), desired.files().keySet(), desired).manifestChanged());
        assertTrue(writer.plan(output, reindented.manifest(), List.of(), desired.files().keySet(), desired).manifestChanged());
        assertTrue(generate().plan().manifestChanged());
        assertTrue(writer.readManifest(output, desired).asDesired());

        // A replacement character that is written as such is text like any other.
        Manifest replaced = new Manifest("emrdag \uFFFD", desired.files(), desired.sources());
        Files.writeString(file, replaced.toJson());
        assertEquals(replaced, writer.readManifest(output, desired).manifest());

        // A manifest that is not UTF-8 cannot be read, as before.
        Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
        assertThrows(EnvironmentException.class, () -> writer.readManifest(output, desired));
        assertThrows(EnvironmentException.class, () -> writer.readManifest(output));
        Files.delete(file);
        assertFalse(writer.readManifest(output, desired).asDesired());
        assertEquals(Manifest.empty(), writer.readManifest(output, desired).manifest());
    }

    @Test
    void manifestListsOwnedFilesAndSourcesWithHashes() throws IOException {
        generate();
        Manifest manifest = Manifest.parse(Files.readString(output.resolve(Manifest.FILE_NAME)));
        assertEquals(List.of("claims_dag.py", "cluster_janitor.py", "orders_dag.py", "template_generator.py", "templates.py"), List.copyOf(manifest.files().keySet()));
        assertEquals(Sha256.of(Files.readAllBytes(output.resolve("orders_dag.py"))), manifest.files().get("orders_dag.py"));
        assertEquals(List.of("job-groups/emrdag.yaml", "job-groups/orders.yaml", "job-groups/sub/claims.yaml"),
                List.copyOf(manifest.sources().keySet()));
    }

    @Test
    void twoPackageProjectsShareAnOutputFolderWithoutTouchingEachOther() {
        TestProjects.write(project.resolve("emrdag.yaml"), TestProjects.SETTINGS + "layout: package\npackage: team_a\n");
        Path other = TestProjects.project(tmp.resolve("b"), Map.of("emrdag.yaml", TestProjects.SETTINGS + "layout: package\npackage: team_b\n",
                "billing.yaml", TestProjects.JOB_GROUP));
        generate();
        Map<String, String> teamA = TestProjects.snapshot(output.resolve("team_a"));
        WritePlan plan = new Emrdag().generate(new Request(other, output)).plan();
        assertEquals(List.of(), plan.deleted());
        assertEquals(teamA, TestProjects.snapshot(output.resolve("team_a")));
        assertTrue(Files.isRegularFile(output.resolve("team_b/billing_dag.py")));
        assertTrue(generate().plan().upToDate());
    }

    @Test
    void nothingIsDeletedOrWrittenThroughSymbolicLinks() throws IOException {
        generate();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("victim_dag.py"), "# not emrdag's\n");
        Files.createSymbolicLink(output.resolve("link"), elsewhere);
        Path manifest = output.resolve(Manifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"files\" : {", "\"files\" : {\n    \"link/victim_dag.py\" : \"00\","));
        Files.writeString(elsewhere.resolve("target.txt"), "foreign\n");
        Files.createSymbolicLink(output.resolve("zeta_dag.py.emrdag-tmp"), elsewhere.resolve("target.txt"));
        TestProjects.write(project.resolve("zeta.yaml"), TestProjects.JOB_GROUP);
        WritePlan plan = generate().plan();
        assertEquals(List.of(), plan.deleted());
        assertEquals("# not emrdag's\n", Files.readString(elsewhere.resolve("victim_dag.py")));
        assertEquals("foreign\n", Files.readString(elsewhere.resolve("target.txt")));
        assertTrue(Files.readString(output.resolve("zeta_dag.py")).startsWith("# Generated by emrdag"));
    }

    @Test
    void packageLayoutPutsEverythingInOneFolder() {
        TestProjects.write(project.resolve("emrdag.yaml"), TestProjects.SETTINGS + "layout: package\npackage: acme_emr\n");
        generate();
        assertEquals(List.of("acme_emr/.emrdag-manifest.json", "acme_emr/__init__.py", "acme_emr/claims_dag.py", "acme_emr/cluster_janitor.py",
                "acme_emr/orders_dag.py",
                "acme_emr/template_generator.py", "acme_emr/templates.py"), List.copyOf(TestProjects.snapshot(output).keySet()));
        assertTrue(TestProjects.snapshot(output).get("acme_emr/orders_dag.py").contains("from acme_emr import template_generator, templates"));
        assertTrue(TestProjects.snapshot(output).get("acme_emr/cluster_janitor.py").contains("from acme_emr import template_generator\n"));
    }
}
