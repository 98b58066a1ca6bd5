package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.emrdag.TestProjects;
import io.emrdag.model.MwaaTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command outputs the README quotes cannot go stale: each block marked {@code <!-- readme-example: NAME -->} is
 * run here on a copy of the examples (or, where it quotes a corpus case, compared with that case's expected output),
 * so that a change of a message, a code, a figure or the number of files fails the build until the README says it too.
 * The blocks only S3 or Airflow can produce are compared by the test that runs them ({@code DeployFaultsIT},
 * {@code test_alerts.py}, {@code test_port_import.py}), and this class checks that they still do. The README's command
 * table is checked against {@link EmrdagCommand}: every command, only real options, the defaults it shows.
 *
 * <p>How a block is compared (the rule the README states beside its first example): the first line, when it starts
 * with {@code $ }, is the command line, checked as written; the rest is the whole output, line by line and exact,
 * except that a timing ({@code 35.7 ms}, {@code 0.5 s}) matches any timing, with the spaces before it (a right-aligned
 * column widens when a timing gains a digit), a {@code …} inside a line matches any text,
 * and a line that is only {@code …} matches any number of lines. Paths under the temporary copy are shown relative to
 * it, as a run from the project's folder shows them.
 */
public class ReadmeExamplesTest {

    private static final Path README = TestProjects.REPO.resolve("README.md");
    private static final Pattern MARKED = Pattern.compile("<!-- readme-example: ([a-z-]+) -->\\n( *)```[a-z]*\\n(.*?)\\n *```", Pattern.DOTALL);
    private static final Pattern TIMING = Pattern.compile(" *\\b\\d+(?:\\.\\d+)? (ms|s)\\b");
    private static final String ELLIPSIS = "…";

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** One copy of the examples (metadata and generated DAGs), made once, that the examples which only read share. */
    @BeforeAll
    static void copyTheExamples() {
        TestProjects.copy(TestProjects.REPO.resolve("job-groups"), examplesCopy().resolve("job-groups"));
        TestProjects.copy(TestProjects.REPO.resolve("generated-dags"), examplesCopy().resolve("generated-dags"));
    }

    private static Path examplesCopy() {
        return shared.resolve("examples");
    }

    /** The marked blocks, by name: the command line first (when the block shows one), then what it prints. */
    public static Map<String, List<String>> examples() throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Matcher block = MARKED.matcher(Files.readString(README).replace("\r\n", "\n"));
        while (block.find()) {
            String indent = block.group(2);
            List<String> lines = block.group(3).lines().map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line).toList();
            assertEquals(null, found.put(block.group(1), lines), "two README examples named " + block.group(1));
        }
        return found;
    }

    @Test
    void everyMarkedExampleIsChecked() throws IOException {
        assertEquals(List.of("did-you-mean", "typo", "verify", "deploy-plan", "deploy-no-credentials", "alert", "verify-keyword", "import", "report", "quota-warning"), new ArrayList<>(examples().keySet()),
                "a marked README example without a check here (or a checked one no longer marked); deploy-plan is checked by DeployFaultsIT, alert by python-tests/tests/test_alerts.py, import by python-tests/tests/test_port_import.py");
    }

    /** The blocks only a run elsewhere can produce: that test reads the block by its name. */
    @Test
    void theExamplesCheckedElsewhereAreReadThere() throws IOException {
        Map<String, String> checks = Map.of(
                "deploy-plan", "generator/cli/src/test/java/io/emrdag/deploy/DeployFaultsIT.java|ReadmeExamplesTest.examples().get(\"deploy-plan\")",
                "alert", "python-tests/tests/test_alerts.py|readme_example(\"alert\")",
                "import", "python-tests/tests/test_port_import.py|readme_example(\"import\")");
        for (Map.Entry<String, String> check : checks.entrySet()) {
            String[] fileAndCall = check.getValue().split("\\|");
            assertTrue(examples().containsKey(check.getKey()), check.getKey());
            assertTrue(Files.readString(TestProjects.REPO.resolve(fileAndCall[0])).contains(fileAndCall[1]),
                    fileAndCall[0] + " no longer checks the README example " + check.getKey());
        }
    }

    @Test
    void everyQuotedCommandRunIsMarked() throws IOException {
        String readme = Files.readString(README).replace("\r\n", "\n");
        Matcher run = Pattern.compile("(?m)^(<!-- readme-example: [a-z-]+ -->\\n)? *```[a-z]*\\n *\\$ ").matcher(readme);
        while (run.find()) {
            int line = readme.substring(0, run.start()).split("\n", -1).length;
            if (run.group(1) == null) {
                fail("README.md:" + line + ": a quoted command run without a <!-- readme-example: NAME --> marker and a check here");
            }
        }
    }

    @Test
    void theDidYouMeanExampleIsWhatAMisspeltCommandPrints() throws IOException {
        List<String> example = examples().get("did-you-mean");
        assertEquals("$ emrdag generat", example.get(0));

        CliTest.Run run = CliTest.run("generat");

        assertEquals(EmrdagCommand.USAGE_ERROR, run.exit(), run.err());
        assertEquals("", run.out());
        assertOutput(example, run.err());
    }

    @Test
    void theTypoExampleIsWhatGeneratePrints() throws IOException {
        List<String> example = examples().get("typo");
        assertTrue(example.get(0).startsWith("$ generator/cli/target/emrdag/bin/emrdag generate "), example.get(0));
        Path project = TestProjects.copy(TestProjects.REPO.resolve("job-groups"), tmp.resolve("job-groups"));
        Path group = project.resolve("raw_to_process/patients_cdc.yaml");
        String text = Files.readString(group);
        assertTrue(text.contains("\nschedule:"), "the example's file no longer has the key the README renames");
        Files.writeString(group, text.replace("\nschedule:", "\nschedul:"));

        CliTest.Run run = CliTest.run("generate", "-p", project.toString(), "-o", tmp.resolve("generated-dags").toString()).from(tmp);

        assertEquals(1, run.exit(), run.err());
        assertOutput(example, run.err());
    }

    @Test
    void theVerifyExampleIsWhatVerifyPrints() throws IOException {
        List<String> example = examples().get("verify");
        assertEquals("$ generator/cli/target/emrdag/bin/emrdag verify -e prod", example.get(0));
        MwaaTarget target = MwaaTarget.forVersion(MwaaTarget.DEFAULT_VERSION).orElseThrow();
        String examplesSettings = Files.readString(TestProjects.REPO.resolve("job-groups/emrdag.yaml"));
        assertTrue(examplesSettings.contains("target: \"" + target.airflowVersion() + "\""), "the examples target another Airflow");

        CliTest.Run run = CliTest.run("verify", "-e", "prod", "-p", examplesCopy().resolve("job-groups").toString(),
                "-o", examplesCopy().resolve("generated-dags").toString()).from(examplesCopy());

        assertEquals(0, run.exit(), run.err() + run.out());
        assertOutput(example, run.err() + run.out());
    }

    @Test
    void theVerifyKeywordExampleIsWhatVerifyPrints() throws IOException {
        List<String> example = examples().get("verify-keyword");
        assertEquals("$ emrdag verify -o out", example.get(0));
        String orders = TestProjects.JOB_GROUP.replace("steps:\n", """
                before:
                  - task_id: wait_for_input
                    operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
                    arguments: {bucket_key: "s3://in/{{ ds }}/_SUCCESS", no_such: 1}
                steps:
                """);
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", orders));
        Path out = tmp.resolve("out");
        assertEquals(0, CliTest.run("generate", "-p", project.toString(), "-o", out.toString()).exit());

        CliTest.Run run = CliTest.run("verify", "-p", project.toString(), "-o", out.toString()).from(tmp);

        assertEquals(1, run.exit(), run.err() + run.out());
        assertOutput(example, run.err() + run.out());
    }

    @Test
    void theReportExampleIsWhatReportPrints() throws IOException {
        List<String> example = examples().get("report");
        assertEquals("$ generator/cli/target/emrdag/bin/emrdag report -e prod --prices docs/report/example-prices.csv", example.get(0));

        CliTest.Run run = CliTest.run("report", "-e", "prod", "-p", examplesCopy().resolve("job-groups").toString(),
                "--prices", TestProjects.REPO.resolve("docs/report/example-prices.csv").toString(),
                "-o", tmp.resolve("emrdag-report.html").toString()).from(tmp);

        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertOutput(example, run.out());
    }

    @Test
    void theQuotaWarningIsTheCapacityCorpusCase() throws IOException {
        List<String> example = examples().get("quota-warning");
        List<String> expected = Files.readAllLines(CapacityCorpusTest.CORPUS.resolve("quota-exceeded/expected.txt"));
        assertTrue(String.join("\n", expected).contains(String.join("\n", example)),
                "the W209 lines the README quotes are not what the capacity corpus case quota-exceeded expects (and CapacityCorpusTest checks)");
    }

    @Test
    void theMissingCredentialsExampleIsWhatDeployPrints() throws Exception {
        List<String> example = examples().get("deploy-no-credentials");
        Path home = Files.createDirectories(tmp.resolve("home"));
        ProcessBuilder deploy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EmrdagCommand.class.getName(), "deploy", "--target", "s3://acme-mwaa/dags/",
                "-p", TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP)).toString())
                .directory(tmp.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(tmp.resolve("err").toFile());
        Map<String, String> env = deploy.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("EMRDAG_"));
        env.put("HOME", home.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = deploy.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "deploy did not end");
        assertEquals(3, process.exitValue(), Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
        assertOutput(example, Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    /** The README's command table names every command, and only options the command has. */
    @Test
    void theCommandTableListsEveryCommandWithItsOwnOptions() throws IOException {
        String readme = Files.readString(README).replace("\r\n", "\n");
        int table = readme.indexOf("| command | what it does | exit codes |");
        assertTrue(table >= 0, "no command table in the README");
        List<String> rows = readme.substring(table).lines().skip(2).takeWhile(line -> line.startsWith("|")).toList();
        CommandLine emrdag = new CommandLine(new EmrdagCommand());
        Set<String> listed = new TreeSet<>();
        Pattern option = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][\\w-]*)");
        Pattern shownDefault = Pattern.compile("\\[(--?[a-zA-Z][\\w-]*) ([a-z0-9][\\w.-]*)]");
        for (String row : rows) {
            String[] cells = row.split("(?<!\\\\)\\|");
            String usage = cells[1].strip();
            assertTrue(usage.startsWith("`emrdag "), row);
            String name = usage.substring("`emrdag ".length()).split("[ `]")[0];
            if (name.equals("<command>")) {
                continue;
            }
            CommandLine command = emrdag.getSubcommands().get(name);
            assertTrue(command != null, "the README's command table lists a command emrdag does not have: " + name);
            listed.add(name);
            CommandSpec spec = command.getCommandSpec();
            Matcher used = option.matcher(usage);
            while (used.find()) {
                OptionSpec found = spec.findOption(used.group(1));
                assertTrue(found != null && !found.hidden(), "emrdag " + name + " has no option " + used.group(1) + " (README: " + usage + ")");
            }
            Matcher withDefault = shownDefault.matcher(usage);
            while (withDefault.find()) {
                OptionSpec shown = spec.findOption(withDefault.group(1));
                assertTrue(withDefault.group(2).equals(shown.defaultValueString()) || withDefault.group(2).equals(shown.fallbackValue()),
                        "emrdag " + name + " " + withDefault.group(1) + " defaults to " + shown.defaultValueString() + ", not "
                                + withDefault.group(2) + " as the README's command table shows");
            }
            String exits = cells[3].strip();
            assertTrue(exits.isEmpty() || exits.matches("[0-3](, [0-3])*"), row);
        }
        Set<String> commands = new TreeSet<>(emrdag.getSubcommands().keySet());
        commands.remove("help");
        assertEquals(commands, listed, "the README's command table and the commands of emrdag differ");
    }

    /** Every option of every command is named somewhere in the README, so that none is undocumented. */
    @Test
    void everyOptionIsNamedInTheReadme() throws IOException {
        String readme = Files.readString(README);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : new CommandLine(new EmrdagCommand()).getSubcommands().entrySet()) {
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                if (Stream.of(option.names()).noneMatch(name -> named(readme, name))) {
                    missing.add("emrdag " + command.getKey() + " " + option.longestName());
                }
            }
        }
        assertEquals(List.of(), missing, "options the README never names");
    }

    private static boolean named(String readme, String option) {
        return Pattern.compile("[`(\\[ /]" + Pattern.quote(option) + "(?![\\w-])").matcher(readme).find();
    }

    /**
     * Compares a README block (command line first when it has one) with what the command printed, by the rule in the
     * class comment.
     */
    public static void assertOutput(List<String> example, String printed) {
        List<String> expected = example.isEmpty() || !example.get(0).startsWith("$ ") ? example : example.subList(1, example.size());
        List<String> actual = printed.replace(System.lineSeparator(), "\n").lines().map(ReadmeExamplesTest::timings).toList();
        if (!matches(expected.stream().map(ReadmeExamplesTest::timings).toList(), 0, actual, 0)) {
            assertEquals(String.join("\n", expected), String.join("\n", printed.replace(System.lineSeparator(), "\n").lines().toList()),
                    "the README's block is not what the command prints (timings and … aside)");
        }
    }

    private static String timings(String line) {
        return TIMING.matcher(line).replaceAll(" # $1");
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals(ELLIPSIS)) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    private static boolean lineMatches(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split(ELLIPSIS, -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return actual.matches(regex.toString());
    }

    @Test
    void theComparisonRuleCanFail() {
        List<String> example = List.of("$ emrdag x", "a 1.5 ms", ELLIPSIS, "z …/b");
        assertOutput(example, "a 7 ms\nb\nc\nz /x/y/b\n");
        assertOutput(example, "a 7 ms\nz /b\n");
        assertOutput(example, "a   17.25 ms\nz /b\n");
        assertThrows(AssertionError.class, () -> assertOutput(example, "a 7 ms\nz /b\nextra\n"));
        assertThrows(AssertionError.class, () -> assertOutput(example, "a 7 s\nz /b\n"));
        assertThrows(AssertionError.class, () -> assertOutput(example, "b 7 ms\nz /b\n"));
    }
}
