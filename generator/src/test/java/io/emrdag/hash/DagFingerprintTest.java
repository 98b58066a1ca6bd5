package io.emrdag.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DagFingerprintTest {

    @Test
    void theFingerprintIsTheHashOfTheFileWithTheTokenInItsPlace() {
        String text = "doc = '" + DagFingerprint.docLine() + "'\n";
        String stamped = DagFingerprint.stamp(text);
        String fingerprint = DagFingerprint.of(stamped).orElseThrow();
        assertEquals(12, fingerprint.length());
        assertEquals(stamped, DagFingerprint.stamp(text), "deterministic");
        assertNotEquals(fingerprint, DagFingerprint.of(DagFingerprint.stamp(text + "x = 1\n")).orElseThrow(), "any change changes it");
        assertEquals(Optional.empty(), DagFingerprint.of("no fingerprint here"));
    }

    @Test
    void everyCommittedDagCarriesTheFingerprintOfItsOwnContent() throws IOException {
        List<Path> dags;
        try (Stream<Path> files = Files.walk(TestProjects.REPO.resolve("generated-dags"))) {
            dags = files.filter(p -> p.getFileName().toString().endsWith("_dag.py")).sorted().toList();
        }
        assertEquals(2 * TestProjects.exampleJobGroups().size(), dags.size(), "every job group in staging and in prod");
        for (Path dag : dags) {
            String text = Files.readString(dag);
            String fingerprint = DagFingerprint.of(text).orElseThrow();
            assertTrue(text.indexOf(fingerprint) == text.lastIndexOf(fingerprint), dag.toString());
            assertEquals(text, DagFingerprint.stamp(text.replace(fingerprint, DagFingerprint.TOKEN)), dag.toString());
        }
    }
}
