package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import io.emrdag.model.MwaaTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command outputs the README quotes cannot go stale: each block marked {@code <!-- readme-example: NAME -->} is
 * run here on the examples (or, where its figures are timings, checked against what the examples give), so that a
 * change of a message, a code or the number of files fails the build until the README says it too.
 */
class ReadmeExamplesTest {

    private static final Path README = TestProjects.REPO.resolve("README.md");
    private static final Pattern MARKED = Pattern.compile("<!-- readme-example: ([a-z-]+) -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    /** The marked blocks, by name: the command line first, then what it prints. */
    static Map<String, List<String>> examples() throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Matcher block = MARKED.matcher(Files.readString(README).replace("\r\n", "\n"));
        while (block.find()) {
            assertEquals(null, found.put(block.group(1), block.group(2).lines().toList()), "two README examples named " + block.group(1));
        }
        return found;
    }

    @Test
    void everyMarkedExampleIsChecked() throws IOException {
        assertEquals(List.of("typo", "verify"), new ArrayList<>(examples().keySet()), "a marked README example without a check here");
    }

    @Test
    void theTypoExampleIsWhatGeneratePrints() throws IOException {
        List<String> example = examples().get("typo");
        assertTrue(example.get(0).startsWith("$ generator/target/emrdag generate "), example.get(0));
        Path project = TestProjects.copy(TestProjects.REPO.resolve("job-groups"), tmp.resolve("job-groups"));
        Path group = project.resolve("raw_to_process/patients_cdc.yaml");
        String text = Files.readString(group);
        assertTrue(text.contains("\nschedule:"), "the example's file no longer has the key the README renames");
        Files.writeString(group, text.replace("\nschedule:", "\nschedul:"));

        CliTest.Run run = CliTest.run("generate", "-p", project.toString(), "-o", tmp.resolve("generated-dags").toString()).from(tmp);

        assertEquals(1, run.exit(), run.err());
        assertEquals(String.join("\n", example.subList(1, example.size())) + "\n", run.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void theVerifyExampleCountsTheFilesTheExamplesGenerate() throws IOException {
        List<String> example = examples().get("verify");
        assertEquals("$ generator/target/emrdag verify -e prod", example.get(0));
        Path prod = TestProjects.REPO.resolve("generated-dags/prod");
        List<String> dags;
        try (Stream<Path> files = Files.list(prod)) {
            dags = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_dag.py") || n.equals("cluster_janitor.py"))
                    .sorted().toList();
        }
        assertEquals(TestProjects.exampleJobGroups().size() + 1, dags.size(), "every job group and the janitor");
        String text = String.join("\n", example);
        assertTrue(text.contains("emrdag: importing " + dags.size() + " DAG files from generated-dags/prod with "), text);
        MwaaTarget target = MwaaTarget.forVersion(MwaaTarget.DEFAULT_VERSION).orElseThrow();
        assertTrue(text.contains("emrdag: " + dags.size() + " DAG files import cleanly in Airflow " + target.airflowVersion()
                + " (amazon provider " + target.amazonProviderVersion() + ")"), text);
        assertTrue(text.contains("using cached environment airflow-" + target.airflowVersion() + ":"), text);
        for (String line : example) {
            if (line.startsWith("  ok  ")) {
                assertTrue(dags.contains(line.substring(6).split("\\s+")[0]), "not a file the examples generate: " + line);
            }
        }
        String examplesSettings = Files.readString(TestProjects.REPO.resolve("job-groups/emrdag.yaml"));
        assertTrue(examplesSettings.contains("target: \"" + target.airflowVersion() + "\""), "the examples target another Airflow");
    }
}
