package io.emrdag.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped JSON Schemas accept every example, reject typical mistakes, and list exactly the keys the binders
 * accept: each section's keys are asked from the binder itself (its "known keys" hint for a bogus key), so a new
 * model field without a schema entry fails here.
 */
class MetadataSchemasTest {

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Where the schemas are read from: they have no $id, so each one's $refs name the files beside it here. */
    private static final String FOLDER = "file:///schemas/";

    private static Schema schema(String file) {
        Map<String, String> byLocation = new LinkedHashMap<>();
        MetadataSchemas.contents().forEach((name, text) -> byLocation.put(FOLDER + name, text));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(byLocation));
        return registry.getSchema(com.networknt.schema.SchemaLocation.of(FOLDER + file));
    }

    private static List<Error> validate(String schemaFile, Path document) throws IOException {
        JsonNode node = document.toString().endsWith(".json") ? JSON.readTree(document.toFile()) : YAML.readTree(document.toFile());
        return schema(schemaFile).validate(node);
    }

    @Test
    void everyExampleValidates() throws IOException {
        Path examples = TestProjects.REPO.resolve("job-groups");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(examples)) {
            // Like the loader: hidden folders (the generation cache, .emrdag-cache) hold no metadata.
            files = walk.filter(p -> p.toString().matches(".*\\.(yaml|yml|json)$"))
                    .filter(p -> !examples.relativize(p).toString().matches("(.*/)?\\..*")).sorted().toList();
        }
        assertTrue(files.size() >= 7);
        for (Path file : files) {
            String schemaFile = file.getFileName().toString().equals("emrdag.yaml") ? "emrdag.schema.json" : "job-group.schema.json";
            assertEquals(List.of(), validate(schemaFile, file).stream().map(Error::getMessage).toList(), file.toString());
        }
    }

    @Test
    void typicalMistakesAreRejected(@TempDir Path dir) throws IOException {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, TestProjects.JOB_GROUP.replace("schedule:", "schedul:"));
        assertFalse(validate("job-group.schema.json", typo).isEmpty());
        Path wrongType = dir.resolve("type.yaml");
        Files.writeString(wrongType, TestProjects.JOB_GROUP + "cluster:\n  core:\n    instance_count: four\n");
        assertFalse(validate("job-group.schema.json", wrongType).isEmpty());
    }

    /** A section of a job-group file: where it is, and how to write a mapping there with one bogus key. */
    record Section(String schemaPointer, String yaml) {
    }

    static final String BOGUS = "zzz_bogus_key_zzz";

    static final List<Section> SECTIONS = List.of(
            new Section("/$defs/jobGroupProperties", BOGUS + ": 1\n"),
            new Section("/$defs/sensor", "sensor: {" + BOGUS + ": 1}\n"),
            new Section("/$defs/cluster", "cluster: {" + BOGUS + ": 1}\n"),
            new Section("/$defs/instanceGroup", "cluster: {core: {" + BOGUS + ": 1}}\n"),
            new Section("/$defs/ebs", "cluster: {core: {ebs: {" + BOGUS + ": 1}}}\n"),
            new Section("/$defs/configuration", "cluster: {configurations: [{classification: x, " + BOGUS + ": 1}]}\n"),
            new Section("/$defs/bootstrapAction", "cluster: {bootstrap_actions: [{name: x, script: x.sh, " + BOGUS + ": 1}]}\n"),
            new Section("/$defs/step", "steps: [{name: x, script: x.py, " + BOGUS + ": 1}]\n"),
            new Section("/$defs/alerts", "alerts: {email: [a@b.example], " + BOGUS + ": 1}\n"));

    @Test
    void schemaKeysAreExactlyTheKeysTheBindersAccept() throws IOException {
        JsonNode jobGroup = JSON.readTree(MetadataSchemas.contents().get("job-group.schema.json"));
        int n = 0;
        for (Section section : SECTIONS) {
            Path project = TestProjects.project(tmp.resolve("s" + n++), Map.of("emrdag.yaml", TestProjects.SETTINGS,
                    "orders.yaml", "schedule: null\n" + section.yaml()));
            List<String> known = knownKeys(project);
            JsonNode properties = jobGroup.at(section.schemaPointer()).path("properties");
            List<String> schemaKeys = new ArrayList<>();
            properties.fieldNames().forEachRemaining(schemaKeys::add);
            assertEquals(new TreeSet<>(known), new TreeSet<>(schemaKeys), "keys of " + section.schemaPointer());
        }
        JsonNode project = JSON.readTree(MetadataSchemas.contents().get("emrdag.schema.json"));
        List<String> projectKeys = new ArrayList<>();
        project.path("properties").fieldNames().forEachRemaining(projectKeys::add);
        Path settings = TestProjects.project(tmp.resolve("settings"), Map.of("emrdag.yaml", TestProjects.SETTINGS + BOGUS + ": 1\n",
                "orders.yaml", TestProjects.JOB_GROUP));
        assertEquals(new TreeSet<>(knownKeys(settings)), new TreeSet<>(projectKeys), "keys of emrdag.yaml");
    }

    static List<String> knownKeys(Path project) {
        try {
            new Emrdag().validate(project);
        } catch (MetadataException e) {
            for (Diagnostic d : e.diagnostics()) {
                if (d.code().equals("E100") && d.message().contains(BOGUS) && d.hint().startsWith("known keys here: ")) {
                    return Arrays.asList(d.hint().substring("known keys here: ".length()).split(", "));
                }
            }
            throw new AssertionError("no unknown-key diagnostic for the bogus key: " + e.getMessage());
        }
        throw new AssertionError("the bogus key was accepted");
    }

    @Test
    void theSchemasAreWrittenWhereAsked() throws IOException {
        List<Path> written = new Emrdag().schema(tmp.resolve("schema"));
        assertEquals(2, written.size());
        assertEquals(MetadataSchemas.contents().get("job-group.schema.json"), Files.readString(tmp.resolve("schema/job-group.schema.json")));
    }
}
