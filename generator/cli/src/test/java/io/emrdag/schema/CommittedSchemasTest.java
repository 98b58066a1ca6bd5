package io.emrdag.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import io.emrdag.cli.EmrdagCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schemas committed under {@code schemas/} are exactly what {@code emrdag schema} writes, and every example YAML
 * names its schema on its first line with a relative path that resolves, so that an editor opening the repository
 * gets completion and inline checks without any setting.
 */
class CommittedSchemasTest {

    private static final Path COMMITTED = TestProjects.REPO.resolve("schemas");
    private static final Pattern SCHEMA_LINE = Pattern.compile("# yaml-language-server: \\$schema=(\\S+)");

    @Test
    void theCommittedSchemasAreWhatEmrdagSchemaWrites(@TempDir Path tmp) throws IOException {
        assertEquals(0, EmrdagCommand.run("schema", "-o", tmp.toString()));
        assertEquals(files(tmp), files(COMMITTED),
                "schemas/ is stale: run 'generator/cli/target/emrdag/bin/emrdag schema -o schemas' and commit the result");
    }

    @Test
    void everyExampleYamlNamesItsSchemaOnItsFirstLine() throws IOException {
        Path examples = TestProjects.REPO.resolve("job-groups");
        List<String> problems = new ArrayList<>();
        List<Path> yamlFiles;
        try (Stream<Path> walk = Files.walk(examples)) {
            yamlFiles = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(yamlFiles.size() >= 7, "examples: " + yamlFiles);
        for (Path file : yamlFiles) {
            String expected = file.getFileName().toString().equals("emrdag.yaml") ? "emrdag.schema.json" : "job-group.schema.json";
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            Matcher m = SCHEMA_LINE.matcher(first);
            if (!m.matches()) {
                problems.add(examples.relativize(file) + ": first line is not '# yaml-language-server: $schema=...'");
            } else if (!file.getParent().resolve(m.group(1)).normalize().equals(COMMITTED.resolve(expected))) {
                problems.add(examples.relativize(file) + ": $schema=" + m.group(1) + " does not lead to schemas/" + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                out.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
