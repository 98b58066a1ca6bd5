package io.emrdag.porting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.diagnostic.Progress;
import io.emrdag.model.MwaaTarget;
import io.emrdag.verify.PythonEnvironments;
import io.emrdag.verify.ScriptRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code emrdag import}: reads hand-written EMR DAGs in the target's pinned Airflow ({@code port_dags.py read}),
 * writes one job group per DAG and an {@code emrdag.yaml} with the shared shapes and arguments factored out, generates
 * that project and proves each port against its original ({@code port_dags.py prove}). The project is staged in a
 * temporary folder and moved into place only when generation succeeded, and only when none of its files exists.
 */
public final class DagImporter {

    /** Generates a project folder into an output folder (the facade's generate, handed in to keep the stages apart). */
    @FunctionalInterface
    public interface Generator {
        void generate(Path project, Path output);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .build())
            .build();
    private static final String RESOURCE = "/io/emrdag/porting/port_dags.py";
    private static final String PROGRESS = "emrdag-port: ";

    private final ScriptRunner runner;
    private final Generator generator;
    private final Path work;

    public DagImporter(ScriptRunner runner, Generator generator) {
        this.runner = runner;
        this.generator = generator;
        this.work = temporary("emrdag-import-");
        work.toFile().deleteOnExit();
    }

    /** Imports, writes and proves; {@code python} is an interpreter with Airflow, or null for the pinned venv. */
    public ImportResult run(ImportRequest request, Path python, Progress progress) {
        for (Path source : request.sources()) {
            if (!Files.exists(source)) {
                throw new ImportRefusedException("source " + source + " does not exist");
            }
        }
        MwaaTarget target = MwaaTarget.forVersion(request.target())
                .orElseThrow(() -> new ImportRefusedException("unknown --target " + request.target() + "; one of " + MwaaTarget.versions()));
        if (!target.airflowVersion().startsWith("2.")) {
            throw new ImportRefusedException("--target " + target.airflowVersion() + ": emrdag import reads and proves DAGs in an"
                    + " Airflow 2 target (" + String.join(", ", MwaaTarget.versions().stream().filter(v -> v.startsWith("2.")).toList())
                    + "), the generation most hand-written DAGs were written for; import with one of them, then set target in"
                    + " emrdag.yaml");
        }
        refuseExisting(request.project(), List.of("emrdag.yaml"));
        Map<String, Object> parseTime = variables(request.variables());
        Path interpreter = python != null ? python : new PythonEnvironments(runner).pythonFor(target, progress);
        Path script = extract();

        Map<String, Object> readRequest = new LinkedHashMap<>(parseTime);
        readRequest.put("sources", request.sources().stream().map(p -> p.toAbsolutePath().toString()).toList());
        progress.report("reading the DAGs of " + request.sources() + " in Airflow " + target.airflowVersion() + " …");
        JsonNode read = runScript(interpreter, script, "read", readRequest, "EMRDAG-PORT ", progress);

        Map<String, Map<String, Object>> jobGroups = new TreeMap<>();
        Map<String, JsonNode> entries = new TreeMap<>();
        List<PortedDag> notPorted = new ArrayList<>();
        List<String> fileProblems = new ArrayList<>();
        for (JsonNode dag : read.path("dags")) {
            String status = dag.path("status").asText();
            if ("error".equals(status)) {
                fileProblems.add(dag.path("rel").asText() + ": " + dag.path("reason").asText());
            } else if ("skipped".equals(status) && dag.path("dag_id").isTextual()) {
                notPorted.add(PortedDag.notPorted(dag.path("rel").asText(), dag.path("dag_id").asText(), dag.path("reason").asText(),
                        strings(dag.path("bridges"))));
            } else if ("ported".equals(status)) {
                String id = dag.path("job_group_id").asText();
                jobGroups.put(id, JSON.convertValue(dag.path("job_group"), new TypeReference<LinkedHashMap<String, Object>>() { }));
                entries.put(id, dag);
            }
        }
        ProjectLayout layout = new ProjectLayout(jobGroups, target.airflowVersion());
        Map<String, String> files = new TreeMap<>();
        files.put("emrdag.yaml", "# Written by emrdag import: the defaults and cluster profiles its DAGs share." + System.lineSeparator()
                + yaml(layout.emrdagYaml));
        jobGroups.forEach((id, group) -> files.put(id + ".yaml", header(entries.get(id)) + yaml(group)));
        refuseExisting(request.project(), files.keySet());

        List<PortedDag> rows = new ArrayList<>(notPorted);
        Path staging = temporary("emrdag-import-project-");
        Path output = temporary("emrdag-import-dags-");
        try {
            writeAll(staging, files);
            if (!jobGroups.isEmpty()) {
                progress.report("generating the " + jobGroups.size() + " job groups and proving each port …");
                generateDroppingInvalid(staging, output, files, entries, rows);
                Map<String, Object> proveRequest = new LinkedHashMap<>(parseTime);
                proveRequest.put("generated", output.toAbsolutePath().toString());
                List<Map<String, Object>> dags = new ArrayList<>();
                entries.forEach((id, dag) -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("file", dag.path("file").asText());
                    one.put("folders", strings(dag.path("folders")));
                    one.put("dag_id", dag.path("dag_id").asText());
                    one.put("job_group", id);
                    one.put("port_file", id + "_dag.py");
                    one.put("tasks", JSON.convertValue(dag.path("tasks"), Map.class));
                    one.put("differences", JSON.convertValue(dag.path("differences"), List.class));
                    dags.add(one);
                });
                proveRequest.put("dags", dags);
                JsonNode proof = runScript(interpreter, script, "prove", proveRequest, "EMRDAG-PROOF ", progress);
                for (JsonNode row : proof.path("rows")) {
                    String id = row.path("job_group").asText();
                    PortedDag ported = row(entries.get(id), id, row);
                    rows.add(ported);
                    files.put(id + ".yaml", files.get(id + ".yaml") + proofComment(ported));
                }
            }
            writeAll(staging, files);
            refuseExisting(request.project(), files.keySet());
            List<Path> written = new ArrayList<>();
            Files.createDirectories(request.project());
            for (String name : files.keySet()) {
                Path to = request.project().resolve(name);
                Files.move(staging.resolve(name), to, StandardCopyOption.ATOMIC_MOVE);
                written.add(to);
            }
            rows.sort((a, b) -> a.dagId().equals(b.dagId()) ? a.file().compareTo(b.file()) : a.dagId().compareTo(b.dagId()));
            return new ImportResult(rows, fileProblems, written, layout.profiles, read.path("airflow").asText());
        } catch (IOException e) {
            throw new EnvironmentException("cannot write the imported project: " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
            deleteTree(output);
        }
    }

    /**
     * Generates the staged project; a job group that emrdag refuses (a pattern the import wrote but emrdag does not
     * accept) becomes a skipped row naming the first error, and the rest are generated without it.
     */
    private void generateDroppingInvalid(Path staging, Path output, Map<String, String> files, Map<String, JsonNode> entries,
            List<PortedDag> rows) throws IOException {
        while (true) {
            try {
                generator.generate(staging, output);
                return;
            } catch (MetadataException e) {
                Map<String, String> refused = new TreeMap<>();
                for (Diagnostic d : e.diagnostics()) {
                    String name = d.location() == null ? "" : Path.of(d.location().file()).getFileName().toString();
                    String id = name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : "";
                    if (d.isError() && entries.containsKey(id)) {
                        refused.putIfAbsent(id, "emrdag refuses the port: [" + d.code() + "] " + d.path() + ": " + d.message());
                    }
                }
                if (refused.isEmpty()) {
                    throw e;
                }
                refused.forEach((id, reason) -> {
                    JsonNode entry = entries.remove(id);
                    rows.add(PortedDag.notPorted(entry.path("rel").asText(), entry.path("dag_id").asText(), reason,
                            strings(entry.path("bridges"))));
                    files.remove(id + ".yaml");
                });
                for (String id : refused.keySet()) {
                    Files.deleteIfExists(staging.resolve(id + ".yaml"));
                }
                if (entries.isEmpty()) {
                    return;
                }
            }
        }
    }

    private static PortedDag row(JsonNode entry, String id, JsonNode proof) {
        List<String> carried = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> notCarried = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> tasks = entry.path("tasks").fields();
        while (tasks.hasNext()) {
            Map.Entry<String, JsonNode> task = tasks.next();
            if (task.getValue().has("replaced")) {
                replaced.add(task.getKey() + " (" + task.getValue().path("replaced").asText() + ")");
            } else if (task.getValue().has("not_carried")) {
                notCarried.add(task.getKey() + " (" + task.getValue().path("not_carried").asText() + ")");
            } else {
                carried.add(task.getKey() + " -> " + task.getValue().asText());
            }
        }
        List<String> listed = new ArrayList<>();
        entry.path("differences").forEach(d -> listed.add(d.path("path").asText() + ": " + d.path("why").asText()));
        List<String> other = new ArrayList<>();
        if (proof.has("error")) {
            other.add("the proof did not run: " + proof.path("error").asText());
        }
        JsonNode problems = proof.path("problems");
        other.addAll(strings(problems.path("dag")));
        other.addAll(strings(problems.path("tasks")));
        return new PortedDag(entry.path("rel").asText(), entry.path("dag_id").asText(), id, null,
                new PortedDag.Proof(strings(problems.path("request")), strings(problems.path("steps")), other, listed),
                new PortedDag.Tasks(carried, replaced, notCarried), strings(entry.path("bridges")));
    }

    private static String header(JsonNode entry) {
        StringBuilder text = new StringBuilder("# Imported by emrdag import from " + entry.path("rel").asText() + " (DAG "
                + entry.path("dag_id").asText() + ")." + System.lineSeparator());
        strings(entry.path("bridges")).forEach(b -> text.append("# bridged: ").append(b).append(System.lineSeparator()));
        strings(entry.path("notes")).forEach(n -> text.append("# choice: ").append(n).append(System.lineSeparator()));
        Iterator<Map.Entry<String, JsonNode>> tasks = entry.path("tasks").fields();
        while (tasks.hasNext()) {
            Map.Entry<String, JsonNode> task = tasks.next();
            if (task.getValue().has("replaced")) {
                text.append("# replaced: task ").append(task.getKey()).append(": ").append(task.getValue().path("replaced").asText())
                        .append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    private static String proofComment(PortedDag dag) {
        if (dag.identical()) {
            return "# Proof: the RunJobFlow request, every step, the DAG arguments and the tasks render the same as the original's."
                    + System.lineSeparator();
        }
        StringBuilder text = new StringBuilder("# Proof: differences from the original, rendered in Airflow:" + System.lineSeparator());
        List<String> all = new ArrayList<>(dag.proof().request());
        all.addAll(dag.proof().steps());
        all.addAll(dag.proof().other());
        dag.proof().listed().forEach(l -> all.add("listed " + l));
        dag.tasks().notCarried().forEach(n -> all.add("not carried: " + n));
        all.forEach(d -> text.append("#   ").append(d.replace('\n', ' ')).append(System.lineSeparator()));
        return text.toString();
    }

    private JsonNode runScript(Path python, Path script, String mode, Map<String, Object> request, String prefix,
            Progress progress) {
        Path file = work.resolve(mode + "-request.json");
        try {
            JSON.writeValue(file.toFile(), request);
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + file + ": " + e.getMessage(), e);
        }
        ScriptRunner.Result result = runner.run(List.of(python.toString(), script.toString(), mode, file.toString()), line -> {
            if (line.startsWith(PROGRESS)) {
                progress.report(line.substring(PROGRESS.length()));
            }
        }, Duration.ofMinutes(30));
        String line = result.stdout().lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(null);
        if (result.exitCode() != 0 || line == null) {
            throw new EnvironmentException("port_dags.py " + mode + " did not run with " + python + " (exit " + result.exitCode() + ")"
                    + System.lineSeparator() + result.stderrTail());
        }
        try {
            return JSON.readTree(line.substring(prefix.length()));
        } catch (IOException e) {
            throw new EnvironmentException("unreadable answer from port_dags.py " + mode + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> variables(Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variables", Map.of());
        out.put("connections", Map.of());
        if (file == null) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ImportRefusedException("--variables " + file + ": not a JSON object: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ImportRefusedException("--variables " + file + ": not a JSON object (expected {\"NAME\": value, …} or"
                    + " {\"variables\": {…}, \"connections\": {…}})");
        }
        if (root.has("variables") || root.has("connections")) {
            out.put("variables", JSON.convertValue(root.path("variables"), Map.class));
            out.put("connections", JSON.convertValue(root.path("connections"), Map.class));
        } else {
            out.put("variables", JSON.convertValue(root, Map.class));
        }
        return out;
    }

    private static void refuseExisting(Path project, Iterable<String> names) {
        List<String> existing = new ArrayList<>();
        names.forEach(n -> {
            if (Files.exists(project.resolve(n))) {
                existing.add(project.resolve(n).toString());
            }
        });
        if (!existing.isEmpty()) {
            throw new ImportRefusedException("refusing to overwrite " + String.join(", ", existing)
                    + "; import into a new project folder (-p), or move these files away; nothing was written");
        }
    }

    private static String yaml(Map<String, Object> value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAll(Path folder, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private Path extract() {
        Path target = work.resolve("port_dags.py");
        try (InputStream in = DagImporter.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path temporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new EnvironmentException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path folder) {
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
