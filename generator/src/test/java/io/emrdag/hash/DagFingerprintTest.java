package io.emrdag.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
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
    void theStampIsTheSameAsTheHashOfTheTextWithTheTokenReplacedWhereverItIsAndHoweverTheTextBeforeItIsEncoded() {
        String token = DagFingerprint.TOKEN;
        for (String text : List.of("", "no token", token, "x" + token, token + "x", "a " + token + " b " + token + " c",
                "caf\u00e9 \u2192 \ud83d\ude80 " + token + " \u00fc" + token, "@" + token + "@@", token.substring(1) + token)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            CRC32C castagnoli = new CRC32C();
            castagnoli.update(bytes);
            CRC32 ieee = new CRC32();
            ieee.update(bytes);
            String expected = text.replace(token, String.format("%08x%04x", castagnoli.getValue(), ieee.getValue() >>> 16));
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), DagFingerprint.stampBytes(text), text);
            assertEquals(expected, DagFingerprint.stamp(text), text);
        }
    }

    /** The token's search skips ahead (Horspool): random texts of its own pieces, near misses and repeats included. */
    @Test
    void theStampFindsEveryTokenAmongNearMisses() {
        String token = DagFingerprint.TOKEN;
        String[] pieces = {token, "@", "@@", "@@emrdag", "-fingerprint@@", "emrdag-fingerprint", token.substring(0, 21),
                token.substring(1), "x", "\u00e9", " ", "g", "@@emrdag-fingerprint@"};
        java.util.Random random = new java.util.Random(27);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(10); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
            CRC32C castagnoli = new CRC32C();
            castagnoli.update(bytes);
            CRC32 ieee = new CRC32();
            ieee.update(bytes);
            String expected = t.replace(token, String.format("%08x%04x", castagnoli.getValue(), ieee.getValue() >>> 16));
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), DagFingerprint.stampBytes(t), t);
        }
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
