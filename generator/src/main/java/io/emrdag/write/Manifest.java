package io.emrdag.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.emrdag.render.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What emrdag owns in an output folder: each generated file with its SHA-256, the metadata files it was
 * generated from with theirs, and the environment the files are for (absent without environments). Only files listed here are ever overwritten or deleted; {@code check} and the
 * deployer compare against it.
 *
 * <p>Read with Jackson's streaming API only (databind would load some 400 classes into every {@code generate} process
 * for one flat document, about a quarter of a second of JVM start) and written by hand, in Jackson's pretty-printed
 * layout, byte for byte.
 */
public record Manifest(String generator, Map<String, String> files, Map<String, String> sources, String environment) {

    public static final String FILE_NAME = ".emrdag-manifest.json";
    /** Field names here are file paths, each seen once: interning 10,000 of them costs more than it saves. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

    public Manifest {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    /** The manifest of a project without environments. */
    public Manifest(String generator, Map<String, String> files, Map<String, String> sources) {
        this(generator, files, sources, null);
    }

    /** The same manifest, for the files of {@code environment} (recorded, so that check and generate refuse to mix). */
    public Manifest in(String environment) {
        return new Manifest(generator, files, sources, environment);
    }

    /**
     * The manifest of {@code files} (each hashed where it was rendered) and of the files already {@code inPlace} in the folder (path →
     * SHA-256), generated from the metadata files of {@code sourceHashes} (shown name → SHA-256).
     */
    public static Manifest of(String generator, List<GeneratedFile> files, Map<String, String> inPlace,
            Map<String, String> sourceHashes) {
        return of(generator, files, inPlace, sourceHashes, null);
    }

    /** As {@link #of(String, List, Map, Map)}, for the files of {@code environment} (or of a project without any: null). */
    public static Manifest of(String generator, List<GeneratedFile> files, Map<String, String> inPlace,
            Map<String, String> sourceHashes, String environment) {
        Map<String, String> hashes = new TreeMap<>(inPlace);
        files.forEach(f -> hashes.put(f.path(), f.sha256()));
        return new Manifest(generator, hashes, sourceHashes, environment);
    }

    public static Manifest empty() {
        return new Manifest("", Map.of(), Map.of());
    }

    /**
     * Deterministic JSON: sorted keys, two-space indent, '\n' line ends, final newline. Written by hand, byte for byte
     * what Jackson's pretty printer wrote before ({@code ManifestTest} compares the two on random text): with 10,000 job
     * groups the manifest is 2.4 MB, and a one-change run writes it and compares it with the folder's.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(128 + 100 * (files.size() + sources.size()));
        out.append("{\n  \"generator\" : ");
        string(out, generator);
        if (environment != null) {
            out.append(",\n  \"environment\" : ");
            string(out, environment);
        }
        out.append(",\n");
        writeMap(out, "files", files);
        out.append(",\n");
        writeMap(out, "sources", sources);
        return out.append("\n}\n").toString();
    }

    /**
     * The UTF-8 bytes of {@link #toJson}: what the manifest file holds. Written straight into one array (ASCII text, the
     * usual case, byte by byte; any other string through {@link #toJson}'s escaping and {@link String#getBytes}), not
     * through a 2.4 MB string and its copies.
     */
    public byte[] toJsonBytes() {
        Bytes out = new Bytes(128 + 100 * (files.size() + sources.size()));
        out.ascii("{\n  \"generator\" : ");
        out.string(generator);
        if (environment != null) {
            out.ascii(",\n  \"environment\" : ");
            out.string(environment);
        }
        out.ascii(",\n");
        writeMap(out, "files", files);
        out.ascii(",\n");
        writeMap(out, "sources", sources);
        out.ascii("\n}\n");
        return Arrays.copyOf(out.buffer, out.size);
    }

    private static void writeMap(Bytes out, String name, Map<String, String> map) {
        out.ascii("  \"");
        out.ascii(name);
        out.ascii("\" : {");
        if (map.isEmpty()) {
            out.ascii(" }");
            return;
        }
        String separator = "\n    ";
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.ascii(separator);
            out.string(entry.getKey());
            out.ascii(" : ");
            out.string(entry.getValue());
            separator = ",\n    ";
        }
        out.ascii("\n  }");
    }

    /** A growing byte array. */
    private static final class Bytes {

        private byte[] buffer;
        private int size;

        Bytes(int capacity) {
            buffer = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        /** Text known to be ASCII. */
        void ascii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                buffer[size++] = (byte) text.charAt(i);
            }
        }

        /** A JSON string, as {@link Manifest#string(StringBuilder, String)} writes it, in UTF-8. */
        void string(String text) {
            int length = text.length();
            ensure(length + 2);
            int start = size;
            buffer[size++] = '"';
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                    size = start;
                    StringBuilder escaped = new StringBuilder(length + 8);
                    Manifest.string(escaped, text);
                    byte[] bytes = escaped.toString().getBytes(StandardCharsets.UTF_8);
                    ensure(bytes.length);
                    System.arraycopy(bytes, 0, buffer, size, bytes.length);
                    size += bytes.length;
                    return;
                }
                buffer[size++] = (byte) c;
            }
            buffer[size++] = '"';
        }
    }

    private static void writeMap(StringBuilder out, String name, Map<String, String> map) {
        out.append("  \"").append(name).append("\" : {");
        if (map.isEmpty()) {
            out.append(" }");
            return;
        }
        String separator = "\n    ";
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.append(separator);
            string(out, entry.getKey());
            out.append(" : ");
            string(out, entry.getValue());
            separator = ",\n    ";
        }
        out.append("\n  }");
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes it: quote and backslash escaped, control characters as short or {@code \}u00XX escapes. */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            plain = i + 1;
        }
        out.append(text, plain, text.length()).append('"');
    }

    /**
     * Parses a manifest; a damaged one is treated as absent by the caller (nothing is then owned). Unknown
     * members and anything after the document are ignored; a non-string value in {@code files} or
     * {@code sources} reads as its text (a mapping or list as the empty string), so it matches no hash.
     */
    public static Manifest parse(String json) throws JsonProcessingException {
        String generator = "";
        String environment = null;
        Map<String, String> files = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Manifest(generator, files, sources);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("generator") && value.isScalarValue()) {
                    generator = value == JsonToken.VALUE_NULL ? "" : parser.getText();
                } else if (name.equals("environment") && value.isScalarValue()) {
                    environment = value == JsonToken.VALUE_NULL ? null : parser.getText();
                } else if ((name.equals("files") || name.equals("sources")) && value == JsonToken.START_OBJECT) {
                    readMap(parser, name.equals("files") ? files : sources);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new JsonParseException(null, e.getMessage(), e);
        }
        return new Manifest(generator, files, sources, environment);
    }

    private static void readMap(JsonParser parser, Map<String, String> into) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isScalarValue()) {
                into.put(key, parser.getText());
            } else {
                parser.skipChildren();
                into.put(key, "");
            }
        }
    }
}
