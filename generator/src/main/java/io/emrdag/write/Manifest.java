package io.emrdag.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What emrdag owns in an output folder: each generated file with its SHA-256, and the metadata files it was
 * generated from with theirs. Only files listed here are ever overwritten or deleted; {@code check} and the
 * deployer compare against it.
 */
public record Manifest(String generator, Map<String, String> files, Map<String, String> sources) {

    public static final String FILE_NAME = ".emrdag-manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Manifest {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    public static Manifest empty() {
        return new Manifest("", Map.of(), Map.of());
    }

    /** Deterministic JSON: sorted keys, two-space indent, '\n' line ends, final newline. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("generator", generator);
        ObjectNode filesNode = root.putObject("files");
        files.forEach(filesNode::put);
        ObjectNode sourcesNode = root.putObject("sources");
        sources.forEach(sourcesNode::put);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a manifest; a damaged one is treated as absent by the caller (nothing is then owned). */
    public static Manifest parse(String json) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        Map<String, String> files = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        root.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        root.path("sources").properties().forEach(e -> sources.put(e.getKey(), e.getValue().asText()));
        return new Manifest(root.path("generator").asText(""), files, sources);
    }
}
