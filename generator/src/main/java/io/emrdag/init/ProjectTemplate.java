package io.emrdag.init;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.UserErrorException;
import io.emrdag.schema.MetadataSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The project {@code emrdag init} writes: settings with comments, one job group, the JSON Schemas its {@code $schema}
 * lines point at, a {@code .gitignore} for the cache, a Maven build using the plugin, and the CI recipes for GitHub
 * Actions and GitLab. The recipes are resources of this package, the one source the README shows and CI lints.
 *
 * <p>It never overwrites: when any file it would write exists, it writes nothing and names them all.
 */
public final class ProjectTemplate {

    /** The resources of this package the recipes are kept in (the README and the lint read the same files). */
    public static final String GITHUB_WORKFLOW = "github-workflow.yml";
    public static final String GITLAB_CI = "gitlab-ci.yml";

    private ProjectTemplate() {
    }

    /** Thrown when the folder already holds a file {@code init} would write; nothing was written. */
    public static final class FilesExistException extends UserErrorException {

        private static final long serialVersionUID = 1L;

        FilesExistException(Path folder, List<Path> existing) {
            super("init: " + folder + " already has " + String.join(", ", existing.stream().map(Path::toString).toList())
                    + "; nothing was written (init never overwrites a file: pick a new or empty folder, or move them away)");
        }
    }

    /** Every file of a new project in {@code folder}, by path relative to it, in the order they are written. */
    public static Map<Path, String> files(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        String artifact = name == null ? "emrdag-project" : name.toString().replaceAll("[^A-Za-z0-9_.-]", "-");
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("job-groups", "emrdag.yaml"), resource("emrdag.yaml"));
        files.put(Path.of("job-groups", "ingest", "orders_daily.yaml"), resource("job-group.yaml"));
        MetadataSchemas.contents().forEach((file, content) -> files.put(Path.of("schemas", file), content));
        files.put(Path.of(".gitignore"), resource("gitignore"));
        files.put(Path.of("pom.xml"), resource("pom.xml").replace("@VERSION@", version()).replace("@ARTIFACT@", artifact));
        files.put(Path.of(".github", "workflows", "emrdag.yml"), resource(GITHUB_WORKFLOW));
        files.put(Path.of(".gitlab-ci.yml"), resource(GITLAB_CI));
        return files;
    }

    /**
     * Writes a new project into {@code folder} (created when missing) and returns the files written.
     *
     * @throws FilesExistException when any of them exists already (then nothing is written)
     */
    public static List<Path> create(Path folder) {
        Map<Path, String> files = files(folder);
        List<Path> existing = files.keySet().stream().filter(p -> Files.exists(folder.resolve(p))).toList();
        if (!existing.isEmpty()) {
            throw new FilesExistException(folder, existing);
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                written.add(target);
            }
        } catch (FileAlreadyExistsException e) {
            throw new FilesExistException(folder, List.of(folder.relativize(Path.of(e.getFile()))));
        } catch (IOException e) {
            throw new EnvironmentException("init: cannot write into " + folder + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** A recipe or template file of this package, as text. */
    public static String resource(String name) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/emrdag/init/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EnvironmentException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = ProjectTemplate.class.getResourceAsStream("/io/emrdag/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot read emrdag's version: " + e.getMessage(), e);
        }
        return properties.getProperty("version", "0.1.0-SNAPSHOT");
    }
}
