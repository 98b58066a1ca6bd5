package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/<case>/}): each case overlays a few files on a valid
 * five-line project ({@code project/}; an empty {@code <file>.delete} removes a file) and states the exact
 * diagnostics the user must see ({@code expected.txt}). Every case goes through the CLI's {@code validate} and
 * {@code generate}: exit 1, exactly those messages, and an output folder left byte for byte as it was. A case whose
 * expectations are warnings alone exits 0 and prints exactly those warnings; {@code args.txt} adds options to both
 * commands (e.g. {@code --environment prd}).
 * Refresh the expectations deliberately with {@code -Demrdag.updateGolden=true}, then review the diff.
 */
class BadInputCorpusTest {

    static final Path CORPUS = TestProjects.REPO.resolve("generator/src/test/resources/bad-input");

    static Stream<String> cases() throws IOException {
        return casesIn(CORPUS);
    }

    /**
     * What {@code run} printed on stderr, checked against the case's {@code expected.txt} (rewritten first with
     * {@code -Demrdag.updateGolden=true}).
     */
    static String expected(Path caseDir, CliTest.Run run) throws IOException {
        Path expectedFile = caseDir.resolve("expected.txt");
        String diagnostics = run.err().replace(System.lineSeparator(), "\n");
        if (Boolean.getBoolean("emrdag.updateGolden")) {
            Files.writeString(expectedFile, diagnostics, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), diagnostics, caseDir.getFileName().toString());
        return diagnostics;
    }

    /** The case folders of a corpus, sorted. */
    static Stream<String> casesIn(Path corpus) throws IOException {
        try (Stream<Path> list = Files.list(corpus)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badInputIsRefusedWithLocatedMessagesAndNothingWritten(String name, @TempDir Path tmp) throws IOException {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        assertEquals(0, CliTest.run("generate", "-p", project.toString(), "-o", output.toString()).exit());
        overlay(CORPUS.resolve(name).resolve("project"), project);
        Map<String, String> before = TestProjects.snapshot(output);

        Path argsFile = CORPUS.resolve(name).resolve("args.txt");
        List<String> args = Files.exists(argsFile) ? List.of(Files.readString(argsFile).trim().split("\\s+")) : List.of();
        // As a user in the project's parent folder sees them (the CLI shows files from the working directory).
        CliTest.Run validate = CliTest.run(command(List.of("validate", "-p", project.toString()), args)).from(tmp);
        CliTest.Run generate = CliTest.run(command(List.of("generate", "-p", project.toString(), "-o", output.toString()), args)).from(tmp);

        String diagnostics = expected(CORPUS.resolve(name), validate);
        if (!diagnostics.contains(": error[")) {
            assertEquals(0, validate.exit(), validate.err());
            assertTrue(diagnostics.contains(": warning["), "a case pins errors or warnings: " + name);
            assertEquals(0, generate.exit(), generate.err());
            assertEquals(diagnostics, generate.err().replace(System.lineSeparator(), "\n"), "generate warns as validate does");
            return;
        }
        assertEquals(1, validate.exit(), validate.err());
        assertEquals(1, generate.exit(), generate.err());
        assertTrue(diagnostics.lines().reduce((a, b) -> b).orElseThrow().matches("emrdag: \\d+ errors?"),
                "validate writes nothing and must not say that nothing was written:\n" + diagnostics);
        assertEquals(diagnostics.stripTrailing() + "; nothing was written\n", generate.err().replace(System.lineSeparator(), "\n"),
                "generate reports what validate does, and that it wrote nothing");
        assertEquals(before, TestProjects.snapshot(output), "the output folder changed");
        assertTrue(diagnostics.lines().filter(l -> l.contains(": error[")).allMatch(l -> l.startsWith("job-groups")),
                "every error names its file:\n" + diagnostics);
    }

    /**
     * One mistake, one message: no two findings of any case say the same thing at one location, whatever path they name.
     * A value merged into several places (a profile under every job group, {@code defaults.cluster} under every profile)
     * is one finding.
     */
    @Test
    void noCaseReportsOneMistakeTwice() throws IOException {
        List<String> repeated = new ArrayList<>();
        for (String name : cases().toList()) {
            List<String> findings = Files.readString(CORPUS.resolve(name).resolve("expected.txt"), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains(": error[") || l.contains(": warning["))
                    .map(BadInputCorpusTest::withoutPath).toList();
            findings.stream().filter(f -> findings.indexOf(f) != findings.lastIndexOf(f)).distinct()
                    .forEach(f -> repeated.add(name + ": " + f));
        }
        assertEquals(List.of(), repeated, "findings reported more than once at one location");
    }

    /** A printed finding without its path: {@code file:line:col: error[E103] path: message} → {@code ...[E103] message}. */
    private static String withoutPath(String line) {
        int code = line.indexOf("] ") + 2;
        int path = line.indexOf(": ", code);
        return line.substring(0, code) + (path < 0 ? line.substring(code) : line.substring(path + 2));
    }

    private static String[] command(List<String> command, List<String> args) {
        return Stream.concat(command.stream(), args.stream()).toArray(String[]::new);
    }

    static void overlay(Path from, Path onto) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(p -> !Files.isDirectory(p) || isEmptyDir(p)).toList();
        }
        for (Path file : files) {
            Path target = onto.resolve(from.relativize(file).toString());
            if (file.getFileName().toString().endsWith(".delete")) {
                Files.delete(onto.resolve(from.relativize(file).toString().replaceFirst("\\.delete$", "")));
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
