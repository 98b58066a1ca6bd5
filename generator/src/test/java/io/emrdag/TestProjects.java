package io.emrdag;

import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.Project;
import io.emrdag.resolve.ProjectResolver;
import io.emrdag.validate.ProjectBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small helpers to write metadata projects and read output folders in tests. */
public final class TestProjects {

    private TestProjects() {
    }

    /** The repository root (the build passes it; tests run from the module folder otherwise). */
    public static final Path REPO = Path.of(System.getProperty("emrdag.repoRoot", "..")).toAbsolutePath().normalize();

    public static final String SETTINGS = """
            target: "2.10.3"
            scripts_base: s3://acme-artifacts/spark/
            defaults:
              start_date: 2024-01-01
              cluster:
                profile: standard
                release_label: emr-7.5.0
            clusters:
              standard:
                master: {instance_type: m5.xlarge}
                core: {instance_type: r5.2xlarge, instance_count: 2}
            """;

    public static final String JOB_GROUP = """
            description: Orders CDC
            schedule: "0 2 * * *"
            steps:
              - name: load_orders
                script: load_raw_to_process.py
            """;

    /** Resolves and binds the project folder as generate does; every finding goes to {@code diagnostics}. */
    public static Project bind(Path project, Diagnostics diagnostics) {
        return new ProjectBinder().bind(new ProjectResolver().resolve(project, diagnostics), diagnostics).project();
    }

    /** Writes {@code files} (relative path → text) under {@code dir}/job-groups and returns that folder. */
    public static Path project(Path dir, Map<String, String> files) {
        Path project = dir.resolve("job-groups");
        files.forEach((name, text) -> write(project.resolve(name), text));
        return project;
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the folder {@code from} to {@code to} (which must not exist) byte for byte and returns {@code to}: a project
     * that was generated holds the binary generation cache ({@code .emrdag-cache/}), which is not text.
     */
    public static Path copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /**
     * A copy of the example project ({@code job-groups/}) in {@code dir} whose environment {@code environment} deploys to
     * {@code target}: what the environment generates stays as in {@code generated-dags/<environment>/}.
     */
    public static Path examplesDeployingTo(Path dir, String environment, String target) {
        Path project = copy(REPO.resolve("job-groups"), dir.resolve("job-groups"));
        Path settings = project.resolve("emrdag.yaml");
        try {
            String text = Files.readString(settings);
            String marker = "  " + environment + ":\n    deploy_to: ";
            int at = text.indexOf(marker);
            if (at < 0) {
                throw new IllegalStateException("no environment " + environment + " with deploy_to in " + settings);
            }
            int start = at + marker.length();
            int end = text.indexOf('\n', start);
            Files.writeString(settings, text.substring(0, start) + target + text.substring(end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return project;
    }

    /**
     * The example project's job-group files (relative paths): tests that count what the examples generate derive the
     * count from here, so that a new example does not break them.
     */
    public static List<String> exampleJobGroups() {
        return snapshot(REPO.resolve("job-groups")).keySet().stream()
                .filter(f -> !f.equals("emrdag.yaml") && !f.startsWith(".") && (f.endsWith(".yaml") || f.endsWith(".yml") || f.endsWith(".json")))
                .toList();
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Every file under {@code dir} (relative path → bytes as text), for byte-for-byte comparisons: UTF-8, or Latin-1 for
     * a file that is not UTF-8 (the binary generation cache), which maps every byte to one character.
     */
    public static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                try {
                    out.put(dir.relativize(f).toString().replace('\\', '/'), text(Files.readAllBytes(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
