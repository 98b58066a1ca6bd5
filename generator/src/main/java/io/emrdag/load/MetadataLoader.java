package io.emrdag.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.TokenStreamFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Location;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML or JSON metadata file into a located {@link Node} tree.
 *
 * <p>Jackson's streaming parsers are used (not databind) because only the token stream keeps every
 * value's line and column and lets us refuse what databind would silently accept: duplicate keys,
 * anchors/aliases (Jackson turns {@code *x} into the string "x"), several documents in one file.
 * Problems become diagnostics; the method returns empty when the file cannot be used.
 */
public final class MetadataLoader {

    /** Metadata files are small; anything bigger is a mistake (or an attack on the parser). */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_NESTING_DEPTH = 64;
    /** The longest text value: far above any real description, far below what slows rendering down. */
    static final int MAX_VALUE_CHARS = 64 * 1024;
    static final int MAX_NUMBER_CHARS = 100;

    private final YAMLFactory yamlFactory;
    private final JsonFactory jsonFactory;

    public MetadataLoader() {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_FILE_BYTES)
                .maxNumberLength(100)
                .build();
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit(MAX_FILE_BYTES);
        loaderOptions.setMaxAliasesForCollections(0);
        loaderOptions.setAllowDuplicateKeys(true); // reported by us, with both locations
        yamlFactory = YAMLFactory.builder().loaderOptions(loaderOptions).streamReadConstraints(constraints).build();
        jsonFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** True for the file names emrdag reads as metadata. */
    public static boolean isMetadataFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /**
     * Loads {@code file}; {@code shownAs} is the name used in diagnostics. Returns empty (with at least
     * one error in {@code diagnostics}) when the file is unusable.
     */
    public Optional<MapNode> load(Path file, String shownAs, Diagnostics diagnostics) {
        return load(file, shownAs, diagnostics, bytes -> { });
    }

    /**
     * As {@link #load(Path, String, Diagnostics)}; {@code read} is handed the file's bytes as they were read (not
     * when the file is too big or cannot be read), so that a caller that needs them too (to hash them) need not read
     * the file again.
     */
    public Optional<MapNode> load(Path file, String shownAs, Diagnostics diagnostics, Consumer<byte[]> read) {
        Location whole = Location.ofFile(shownAs);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                diagnostics.error("E002", new Location(shownAs, 1, 1), "", "file is larger than " + MAX_FILE_BYTES / 1024 + " KiB",
                        "metadata files are small; split the job group or check that this is the right file");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
            read.accept(bytes);
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
        Optional<String> text = decodeUtf8(bytes, whole, diagnostics);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().isBlank()) {
            diagnostics.error("E003", new Location(shownAs, 1, 1), "", "file is empty", "write a mapping, e.g. 'description: ...' and 'steps:'");
            return Optional.empty();
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        TokenStreamFactory factory = json ? jsonFactory : yamlFactory;
        try (JsonParser parser = factory.createParser(text.get())) {
            try {
                return new TreeBuilder(parser, shownAs, diagnostics).readDocument();
            } catch (StreamConstraintsException e) {
                JsonLocation at = parser.currentLocation();
                diagnostics.error("E010", new Location(shownAs, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr())), "",
                        "too big to be metadata: " + firstLine(e.getOriginalMessage()).replaceAll(", from `[^`]*`\\)", ")"),
                        "metadata is at most " + MAX_NESTING_DEPTH + " levels deep and has short values; look for runaway brackets or a pasted blob");
                return Optional.empty();
            }
        } catch (JsonProcessingException e) {
            Optional<Diagnostic> tab = json ? Optional.empty() : tabProblem(e, text.get(), shownAs);
            if (tab.isPresent()) {
                diagnostics.add(tab.get());
                return Optional.empty();
            }
            JsonLocation at = e.getLocation();
            Location location = at == null ? whole : new Location(shownAs, at.getLineNr(), at.getColumnNr());
            diagnostics.error("E001", location, "", (json ? "not valid JSON: " : "not valid YAML: ") + firstLine(e.getOriginalMessage()),
                    json ? "check brackets, commas and quotes near this position" : "check indentation and quoting near this position");
            return Optional.empty();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> decodeUtf8(byte[] bytes, Location whole, Diagnostics diagnostics) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            int column = 1;
            for (int i = start; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            diagnostics.error("E004", new Location(whole.file(), line, column), "", "file is not valid UTF-8",
                    "save the file as UTF-8 (it may be Latin-1 or UTF-16)");
            return Optional.empty();
        }
        return Optional.of(out.flip().toString());
    }

    /**
     * The error for a YAML syntax error whose problem is a tab character, located at the tab itself. SnakeYAML
     * reports a tab that cannot start a token with the context "while scanning for the next token", which Jackson
     * locates at the end of the previous line; a new user who indented with a tab then looks at the wrong line and
     * never learns that YAML indents with spaces only. Recognised by the character at the scanner's problem mark, not
     * by its message text, which differs between SnakeYAML versions.
     */
    private static Optional<Diagnostic> tabProblem(JsonProcessingException e, String text, String shownAs) {
        if (!(e.getCause() instanceof MarkedYAMLException marked) || marked.getProblemMark() == null) {
            return Optional.empty();
        }
        int line = marked.getProblemMark().getLine();
        int column = marked.getProblemMark().getColumn();
        String[] lines = text.split("\r?\n|\r", -1);
        if (line >= lines.length || column >= lines[line].length() || lines[line].charAt(column) != '\t') {
            return Optional.empty();
        }
        Location at = new Location(shownAs, line + 1, column + 1);
        boolean indents = lines[line].substring(0, column).isBlank();
        return Optional.of(indents
                ? Diagnostic.error("E001", at, "", "not valid YAML: a tab indents this line; YAML indents with spaces only",
                        "replace the tab with spaces (two per level in the examples); set your editor to indent YAML with spaces")
                : Diagnostic.error("E001", at, "", "not valid YAML: a tab separates these values; YAML separates them with spaces",
                        "replace the tab with a space"));
    }

    /** The parser's first line, with the bad text it quotes (up to 256 characters) cut to a short excerpt. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).trim();
        return QUOTED.matcher(line).replaceAll(m -> Matcher.quoteReplacement("'" + Diagnostic.excerpt(m.group(1)) + "'"));
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']{61,})'");

    /**
     * Where a value is in its document, spelled out ({@code steps[0].args}) only when a diagnostic names it: every value
     * of every file has one, and few are ever reported.
     */
    private record At(At parent, String key, int index) {

        static final At ROOT = new At(null, null, -1);

        At key(String name) {
            return new At(this, name, -1);
        }

        At item(int position) {
            return new At(this, null, position);
        }

        String text() {
            if (parent == null) {
                return "";
            }
            String above = parent.text();
            return key == null ? above + "[" + index + "]" : above.isEmpty() ? key : above + "." + key;
        }
    }

    /** Builds the located tree from a token stream, reporting what the format would let through silently. */
    private static final class TreeBuilder {
        private final JsonParser parser;
        private final String file;
        private final Diagnostics diagnostics;
        private boolean failed;

        TreeBuilder(JsonParser parser, String file, Diagnostics diagnostics) {
            this.parser = parser;
            this.file = file;
            this.diagnostics = diagnostics;
        }

        Optional<MapNode> readDocument() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                diagnostics.error("E003", new Location(file, 1, 1), "", "file is empty", "write a mapping, e.g. 'description: ...' and 'steps:'");
                return Optional.empty();
            }
            Node root = readValue(At.ROOT);
            if (parser.nextToken() != null) {
                diagnostics.error("E005", here(), "", "more than one document in this file",
                        "keep one job group per file and remove the '---' separator");
                failed = true;
            }
            if (!(root instanceof MapNode map)) {
                diagnostics.error("E006", root.location(), "", "expected a mapping at the top of the file, got " + root.describe(),
                        "a metadata file is a mapping of keys such as 'description:' and 'steps:'");
                return Optional.empty();
            }
            return failed ? Optional.empty() : Optional.of(map);
        }

        private Node readValue(At path) throws IOException {
            Location location = here();
            boolean reported = checkYamlExtras(location, path);
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> readMap(location, path);
                case START_ARRAY -> readList(location, path);
                case VALUE_STRING -> scalar(location, path, ScalarNode.Kind.STRING, MAX_VALUE_CHARS);
                case VALUE_NUMBER_INT -> scalar(location, path, ScalarNode.Kind.INTEGER, MAX_NUMBER_CHARS);
                case VALUE_NUMBER_FLOAT -> scalar(location, path, ScalarNode.Kind.FLOAT, MAX_NUMBER_CHARS);
                case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(location, ScalarNode.Kind.BOOLEAN, parser.getText());
                case VALUE_NULL -> new ScalarNode(location, ScalarNode.Kind.NULL, "null");
                default -> {
                    if (!reported) {
                        diagnostics.error("E009", location, path.text(), "unsupported YAML value (" + token + ")", "write plain text, numbers, lists or mappings");
                    }
                    failed = true;
                    yield new ScalarNode(location, ScalarNode.Kind.NULL, "null");
                }
            };
        }

        /** A scalar, or an error when it is longer than metadata values are (YAML numbers escape Jackson's limit). */
        private ScalarNode scalar(Location location, At path, ScalarNode.Kind kind, int max) throws IOException {
            String text = parser.getText();
            if (text.length() > max) {
                diagnostics.error("E010", location, path.text(), "too big to be metadata: a " + (kind == ScalarNode.Kind.STRING ? "value of "
                        + text.length() + " characters" : "number of " + text.length() + " digits") + " (at most " + max + ")",
                        "metadata is at most " + MAX_NESTING_DEPTH + " levels deep and has short values; look for runaway brackets or a pasted blob");
                failed = true;
            }
            return new ScalarNode(location, kind, text);
        }

        private MapNode readMap(Location location, At path) throws IOException {
            LinkedHashMap<String, MapNode.Member> members = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Location keyLocation = here();
                At childPath = path.key(key);
                parser.nextToken();
                Node value = readValue(childPath);
                MapNode.Member previous = members.get(key);
                if (previous != null) {
                    diagnostics.error("E007", keyLocation, childPath.text(), "duplicate key '" + Diagnostic.excerpt(key) + "' (first at line "
                            + previous.keyLocation().line() + ")", "remove one of them; YAML and JSON keep only the last silently");
                    failed = true;
                } else {
                    members.put(key, new MapNode.Member(key, keyLocation, value));
                }
            }
            return MapNode.owning(location, members);
        }

        private ListNode readList(Location location, At path) throws IOException {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(path.item(items.size())));
            }
            return new ListNode(location, items);
        }

        /** Reports anchors, aliases and tags; returns whether it reported anything. */
        private boolean checkYamlExtras(Location location, At path) throws IOException {
            if (!(parser instanceof YAMLParser yaml)) {
                return false;
            }
            boolean reported = false;
            if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
                diagnostics.error("E008", location, path.text(), "YAML anchors and aliases ('&name', '*name') are not supported",
                        "write the value out, or put shared settings in emrdag.yaml 'defaults' or a cluster profile");
                failed = true;
                reported = true;
            }
            if (yaml.getTypeId() != null) {
                String tag = yaml.getTypeId().replaceFirst("^tag:yaml\\.org,2002:", "!!").replaceFirst("^(?!!)", "!");
                diagnostics.error("E009", location, path.text(), "YAML tags ('" + tag + "') are not supported",
                        "remove the tag; quote the value if you want a string");
                failed = true;
                reported = true;
            }
            return reported;
        }

        private Location here() {
            JsonLocation at = parser.currentTokenLocation();
            return new Location(file, at.getLineNr(), at.getColumnNr());
        }
    }
}
