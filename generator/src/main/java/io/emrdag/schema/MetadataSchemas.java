package io.emrdag.schema;

import io.emrdag.diagnostic.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas (2020-12) of emrdag's metadata: {@code emrdag.yaml} and job-group files. Editors use them for
 * completion and inline checks ({@code # yaml-language-server: $schema=...}); emrdag itself validates with its
 * binders, which give located errors with hints. A test keeps the two in step.
 *
 * <p>The schemas have no {@code $id}: each one's base URI is where a tool read it from, so the project schema's
 * {@code $ref}s to {@code job-group.schema.json} find the file beside it, offline. With a web {@code $id} a standard
 * validator (check-jsonschema) resolves them against the web and fails without network.
 */
public final class MetadataSchemas {

    /** The schema files, the project file's first. */
    public static final List<String> FILES = List.of("emrdag.schema.json", "job-group.schema.json");

    private MetadataSchemas() {
    }

    /** File name → schema text. */
    public static Map<String, String> contents() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = MetadataSchemas.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing schema resource " + file);
                }
                out.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new EnvironmentException("cannot read schema " + file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes the schemas into {@code dir} (created when missing) and returns the files written. */
    public static List<Path> write(Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> schema : contents().entrySet()) {
                Path file = dir.resolve(schema.getKey());
                Path temp = dir.resolve(schema.getKey() + ".emrdag-tmp");
                Files.deleteIfExists(temp);
                Files.writeString(temp, schema.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(file);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot write the schemas to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }
}
