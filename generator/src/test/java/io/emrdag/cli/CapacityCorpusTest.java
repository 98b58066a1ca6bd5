package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capacity corpus ({@code src/test/resources/capacity-input/<case>/}): what only the project-wide capacity checks see, which
 * {@code validate} and {@code report} run and {@code generate} does not: price tables, limits the expected peak
 * exceeds, instance types emrdag does not know. Each case overlays the valid project of the bad-input corpus and states
 * the exact diagnostics ({@code expected.txt}); {@code validate} and {@code report} must both print them, exit 1 and
 * write no report when there is an error, exit 0 and write the report when there are warnings only. Refresh the
 * expectations deliberately with {@code -Demrdag.updateGolden=true}, then review the diff.
 */
class CapacityCorpusTest {

    static final Path CORPUS = TestProjects.REPO.resolve("generator/src/test/resources/capacity-input");

    static Stream<String> cases() throws IOException {
        return BadInputCorpusTest.casesIn(CORPUS);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void validateAndReportShowTheSameLocatedFindings(String name, @TempDir Path tmp) throws IOException {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        BadInputCorpusTest.overlay(CORPUS.resolve(name).resolve("project"), project);
        Path html = tmp.resolve("report.html");

        CliTest.Run validate = CliTest.run("validate", "-p", project.toString()).from(tmp);
        CliTest.Run report = CliTest.run("report", "-p", project.toString(), "-o", html.toString()).from(tmp);

        String diagnostics = BadInputCorpusTest.expected(CORPUS.resolve(name), validate);
        assertFalse(diagnostics.isEmpty(), "a case shows at least one finding");
        String reported = report.err().replace(System.lineSeparator(), "\n");
        if (diagnostics.contains(": error[")) {
            assertEquals(1, validate.exit(), validate.err());
            assertEquals(1, report.exit(), report.err());
            assertEquals(diagnostics.stripTrailing() + "; no report was written\n", reported);
            assertFalse(Files.exists(html), "a report was written despite errors");
        } else {
            assertEquals(0, validate.exit(), validate.err());
            assertEquals(0, report.exit(), report.err());
            assertEquals(diagnostics, reported);
            assertTrue(Files.isRegularFile(html));
        }
    }
}
