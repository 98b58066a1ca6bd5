package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class CliTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {

        /**
         * This run as if made in {@code folder}: the CLI shows the files of findings from the working directory, which
         * is the build's; under {@code folder} they are absolute, and shown relative to it here.
         */
        Run from(Path folder) {
            String prefix;
            try {
                prefix = folder.toRealPath() + File.separator;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Run(exit, out.replace(prefix, ""), err.replace(prefix, ""));
        }
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = EmrdagCommand.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void typoInAJobGroupGivesLocationHintExitOneAndWritesNothing() throws Exception {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        assertEquals(0, run("generate", "-p", project.toString(), "-o", output.toString()).exit());
        Map<String, String> before = TestProjects.snapshot(output);
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("description", "descripton"));
        Run run = run("generate", "-p", project.toString(), "-o", output.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("job-groups/orders.yaml:1:1: error[E100] descripton: unknown key 'descripton'"), run.err());
        assertTrue(run.err().contains("hint: did you mean 'description'?"), run.err());
        assertTrue(run.err().contains("nothing was written"), run.err());
        assertEquals(before, TestProjects.snapshot(output));
    }

    @Test
    void findingsNameFilesThatOpenFromTheWorkingDirectory() throws Exception {
        Path workingDir = Path.of("").toAbsolutePath().toRealPath();
        Path inside = Files.createTempDirectory(Files.createDirectories(workingDir.resolve("target")), "shown-paths");
        String typo = TestProjects.JOB_GROUP.replace("description", "descripton");
        for (Path parent : List.of(tmp.toRealPath(), inside)) {
            Path project = TestProjects.project(parent, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", typo));
            String shown = parent.startsWith(workingDir) ? workingDir.relativize(parent).toString().replace('\\', '/') + "/" : parent + File.separator;

            Run validate = run("validate", "-p", project.toString());

            assertEquals(1, validate.exit(), validate.err());
            assertTrue(validate.err().startsWith(shown + "job-groups" + File.separator + "orders.yaml:1:1: error[E100] descripton:"), validate.err());
            assertTrue(Files.isRegularFile(Path.of(validate.err().substring(0, validate.err().indexOf(':')))), "the file opens from here");
        }
    }

    @Test
    void validateOffersOnlyTheOptionsItUses() {
        Run help = run("validate", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--environment"), help.out());
        for (String unused : List.of("--output", "--no-cache", "written to")) {
            assertTrue(!help.out().contains(unused), "validate writes nothing, yet its help offers " + unused + ":\n" + help.out());
        }
        Run verify = run("verify", "--help");
        assertTrue(verify.out().contains("--docker"), verify.out());
    }

    @Test
    void checkFailsOnAStaleFolderAndListsTheFile() throws Exception {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Path output = tmp.resolve("dags");
        assertEquals(0, run("generate", "-p", project.toString(), "-o", output.toString()).exit());
        assertEquals(0, run("check", "-p", project.toString(), "-o", output.toString()).exit());
        TestProjects.write(project.resolve("orders.yaml"), TestProjects.JOB_GROUP.replace("Orders CDC", "new"));
        Run run = run("check", "-p", project.toString(), "-o", output.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("orders_dag.py"), run.err());
        assertTrue(Files.readString(output.resolve("orders_dag.py")).contains("Orders CDC"));
    }

    @Test
    void validateReportsTheJobGroups() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        Run run = run("validate", "--project", project.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("1 job group is valid: orders"), run.out());
    }

    @Test
    void usageErrorsExitTwoAndEnvironmentErrorsThree() {
        assertEquals(2, run("generate", "--no-such-option").exit());
        assertEquals(2, run().exit());
        assertEquals(3, run("validate", "-p", tmp.resolve("missing").toString()).exit());
    }

    @Test
    void badDeploySettingsAreUsageErrorsNamedAsOptions() {
        Run run = run("deploy", "-t", tmp.resolve("dags").toString(), "--parallel", "0", "--lock-ttl", "soon");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("emrdag: --lock-ttl: not a duration, got 'soon'" + System.lineSeparator()
                + "  hint: write e.g. 90s, 5m or 1h" + System.lineSeparator() + "--parallel: must be at least 1, got '0'"), run.err());
        assertTrue(run.err().contains("Try 'emrdag deploy --help'."), run.err());
        assertTrue(Files.notExists(tmp.resolve("dags")));
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new CommandLine(new EmrdagCommand()).getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Run run = run(command, "--help");
            assertEquals(0, run.exit());
            assertTrue(run.out().contains("Usage: emrdag " + command), run.out());
        }
    }

    /**
     * picocli prints each element of a description array on a line of its own and wraps long elements itself, so an
     * element that ends mid-sentence becomes a hard line break in the middle of a sentence on every terminal width.
     * Every element must therefore be whole sentences (end with '.', ':' or '?').
     */
    @Test
    void helpTextsBreakLinesOnlyBetweenSentences() {
        List<String> broken = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new EmrdagCommand())));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            commands.addAll(command.getSubcommands().values().stream().filter(c -> !c.getCommandName().equals("help")).toList());
            CommandSpec spec = command.getCommandSpec();
            List<String[]> descriptions = new ArrayList<>();
            descriptions.add(spec.usageMessage().description());
            spec.options().forEach(o -> descriptions.add(o.description()));
            spec.positionalParameters().forEach(p -> descriptions.add(p.description()));
            for (String[] description : descriptions) {
                for (String line : description) {
                    if (line.contains("\n") || line.contains("%n") || !line.strip().matches("(?s).*[.:?]")) {
                        broken.add(spec.qualifiedName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "description lines that end mid-sentence");
    }

    /** The examples' yaml-language-server lines name schemas/ (CommittedSchemasTest), so that is where 'schema' writes. */
    @Test
    void schemaWritesToTheFolderTheExamplesNameInTheirSchemaLines() {
        CommandSpec schema = new CommandLine(new EmrdagCommand()).getSubcommands().get("schema").getCommandSpec();
        assertEquals("schemas", schema.findOption("-o").defaultValue());
    }
}
