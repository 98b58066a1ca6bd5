package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the keys of one mapping with strict types, recording a located diagnostic for every problem and
 * returning a usable fallback so that binding goes on and all errors of a run are reported together.
 *
 * <p>Every key a binder asks for is remembered; {@link #finish()} reports the keys nobody asked for as
 * unknown, with the closest known key as a hint.
 */
public final class Fields {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    /** Compiled once: {@code String.matches} and {@code replaceFirst} compile their pattern on every call. */
    private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0\\d+");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");

    private final MapNode node;
    private final String path;
    private final Diagnostics diagnostics;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, Diagnostic> missingReported = new LinkedHashMap<>();

    public Fields(MapNode node, String path, Diagnostics diagnostics) {
        this.node = node;
        this.path = path;
        this.diagnostics = diagnostics;
    }

    public String path() {
        return path;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    public Location location() {
        return node.location();
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where the value of {@code key} is written, or the mapping itself when the key is absent. */
    public Location locationOf(String key) {
        Node value = node.get(key);
        return value == null ? node.location() : value.location();
    }

    public boolean has(String key) {
        known.add(key);
        Node value = node.get(key);
        return value != null && !(value instanceof ScalarNode s && s.isNull());
    }

    /** Whether {@code key} is written (null included), without asking for it: {@link #finish} still checks it. */
    public boolean isWritten(String key) {
        return node.has(key);
    }

    /** The raw node of {@code key} without asking for it ({@link #finish} still checks it), or {@code null}. */
    public Node peek(String key) {
        return node.get(key);
    }

    /** The raw node of {@code key} (marks the key as known), or {@code null}. */
    public Node raw(String key) {
        known.add(key);
        return node.get(key);
    }

    public void error(String key, String code, String message, String hint) {
        diagnostics.error(code, locationOf(key), pathOf(key), message, hint);
    }

    public void warning(String key, String code, String message, String hint) {
        diagnostics.warning(code, locationOf(key), pathOf(key), message, hint);
    }

    private Optional<ScalarNode> scalar(String key, String expected) {
        Node value = raw(key);
        if (value == null || value instanceof ScalarNode s && s.isNull()) {
            return Optional.empty();
        }
        if (value instanceof ScalarNode s) {
            return Optional.of(s);
        }
        error(key, "E101", "expected " + expected + ", got " + value.describe(), null);
        return Optional.empty();
    }

    /** Reports a missing required key at the mapping that should hold it. */
    public void missing(String key, String hint) {
        known.add(key);
        Diagnostic missing = Diagnostic.error("E102", node.location(), pathOf(key), "required key '" + key + "' is missing", hint);
        diagnostics.add(missing);
        missingReported.put(key, missing);
    }

    /**
     * A string. Numbers are accepted with their exact source text ({@code 1234} → "1234"); booleans are
     * refused because YAML turns {@code no}/{@code off} into {@code false} behind the user's back.
     */
    public String string(String key, String fallback) {
        Optional<ScalarNode> s = scalar(key, "a string");
        if (s.isEmpty()) {
            return fallback;
        }
        ScalarNode value = s.get();
        if (value.kind() == ScalarNode.Kind.BOOLEAN) {
            error(key, "E101", "expected a string, got " + value.describe(), "quote the value: \"" + Diagnostic.excerpt(value.text()) + "\"");
            return fallback;
        }
        return value.text();
    }

    public String requiredString(String key, String hint) {
        if (!has(key)) {
            missing(key, hint);
            return null;
        }
        return string(key, null);
    }

    /** A string that must match {@code shape}; {@code what} names the shape in the message. */
    public String matching(String key, String fallback, Pattern shape, String what, String hint) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        if (!shape.matcher(value).matches()) {
            error(key, "E103", "expected " + what + ", got \"" + Diagnostic.excerpt(value) + "\"", hint);
            return fallback;
        }
        return value;
    }

    /** One of a fixed set of words (case-sensitive, as EMR spells them). */
    public String oneOf(String key, String fallback, Collection<String> allowed) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            error(key, "E104", "expected one of " + String.join(", ", allowed) + ", got \"" + Diagnostic.excerpt(value) + "\"",
                    DidYouMean.suggest(value, allowed).map(s -> "did you mean '" + s + "'?").orElse(null));
            return fallback;
        }
        return value;
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<ScalarNode> s = scalar(key, "an integer");
        if (s.isEmpty()) {
            return fallback;
        }
        ScalarNode value = s.get();
        String range = max == Integer.MAX_VALUE ? "≥ " + min : "from " + min + " to " + max;
        if (value.kind() != ScalarNode.Kind.INTEGER) {
            error(key, "E101", "expected an integer " + range + ", got " + value.describe(), quotedValueHint(value, INTEGER_TEXT));
            return fallback;
        }
        String text = value.text();
        if (LEADING_ZERO.matcher(text).matches()) {
            error(key, "E105", "integer with a leading zero: \"" + Diagnostic.excerpt(text) + "\"",
                    "YAML 1.1 reads a leading zero as octal; write it without the zero");
            return fallback;
        }
        long parsed;
        try {
            String digits = text.replace("_", "");
            parsed = Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
        } catch (NumberFormatException e) {
            error(key, "E101", "expected a decimal integer " + range + ", got \"" + Diagnostic.excerpt(text) + "\"", null);
            return fallback;
        }
        if (parsed < min || parsed > max) {
            error(key, "E106", "expected an integer " + range + ", got " + parsed, null);
            return fallback;
        }
        return (int) parsed;
    }

    /** The text of a decimal integer, as a quoted number would hold it. */
    static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d+");
    /** The text of a boolean, as a quoted one would hold it. */
    static final Pattern BOOLEAN_TEXT = Pattern.compile("(?i)true|false");
    /** The text of a decimal number, integer or not. */
    static final Pattern NUMBER_TEXT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * The hint for a number or boolean written in quotes where one is expected ({@code instance_count: "4"}): quotes
     * make any YAML or JSON value a string, and "expected an integer, got the string "4"" alone does not tell a new
     * user which characters are wrong. {@code null} when {@code value} is not a quoted value of that shape.
     */
    static String quotedValueHint(Node value, Pattern shape) {
        if (value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && shape.matcher(s.text().trim()).matches()) {
            return "remove the quotes: write " + Diagnostic.excerpt(s.text().trim()) + ", not \"" + Diagnostic.excerpt(s.text())
                    + "\" (quotes make it text)";
        }
        return null;
    }

    public boolean bool(String key, boolean fallback) {
        Optional<ScalarNode> s = scalar(key, "true or false");
        if (s.isEmpty()) {
            return fallback;
        }
        ScalarNode value = s.get();
        if (value.kind() != ScalarNode.Kind.BOOLEAN || !isPlainBoolean(value.text())) {
            String quoted = quotedValueHint(value, BOOLEAN_TEXT);
            error(key, "E101", "expected true or false, got " + value.describe(),
                    quoted != null ? quoted : "write true or false (YAML 1.1 words such as yes/no/on/off are ambiguous)");
            return fallback;
        }
        return Boolean.parseBoolean(value.text());
    }

    /** {@code true}/{@code false} in any case; YAML 1.1's yes/no/on/off are not accepted as booleans. */
    public static boolean isPlainBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /**
     * A duration written as {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}, or a number of seconds.
     */
    public Duration duration(String key, Duration fallback) {
        return duration(key, fallback, Duration.ofSeconds(1), Duration.ofDays(366));
    }

    /** A duration from {@code min} to {@code max} (Python's timedelta and the scheduler need sane bounds). */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Optional<ScalarNode> s = scalar(key, "a duration");
        if (s.isEmpty()) {
            return fallback;
        }
        String text = s.get().text().trim();
        Duration value;
        try {
            if (s.get().kind() == ScalarNode.Kind.INTEGER && SECONDS.matcher(text).matches()) {
                value = Duration.ofSeconds(Long.parseLong(text));
            } else {
                Matcher m = DURATION.matcher(text);
                if (text.isEmpty() || !m.matches() || s.get().kind() != ScalarNode.Kind.STRING) {
                    error(key, "E107", "expected a duration such as 30s, 5m, 1h30m or 2d, got " + s.get().describe(),
                            quotedValueHint(s.get(), INTEGER_TEXT) == null ? null
                                    : "add a unit: " + Diagnostic.excerpt(text + "s") + ", or remove the quotes (a plain number is seconds)");
                    return fallback;
                }
                value = Duration.ofDays(part(m, 1)).plusHours(part(m, 2)).plusMinutes(part(m, 3)).plusSeconds(part(m, 4));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            value = null;
        }
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            error(key, "E106", "expected a duration from " + human(min) + " to " + human(max) + ", got " + s.get().describe(), null);
            return fallback;
        }
        return value;
    }

    private static String human(Duration d) {
        return d.toDays() > 0 && d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() > 0 && d.toMinutes() % 60 == 0
                ? d.toHours() + "h" : d.toMinutes() > 0 && d.getSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.getSeconds() + "s";
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** A list of strings; each element is checked with {@code element} (null for none). */
    public List<String> strings(String key, List<String> fallback) {
        Node value = raw(key);
        if (value == null || value instanceof ScalarNode s && s.isNull()) {
            return fallback;
        }
        if (!(value instanceof ListNode list)) {
            error(key, "E101", "expected a list of strings, got " + value.describe(), "write [a, b] or one '- item' per line");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String text = stringItem(list.items().get(i), pathOf(key) + "[" + i + "]");
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }

    /** A mapping of string keys to string values (tags, Spark properties). */
    public Map<String, String> stringMap(String key) {
        Node value = raw(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value instanceof ScalarNode s && s.isNull()) {
            return out;
        }
        if (!(value instanceof MapNode map)) {
            error(key, "E101", "expected a mapping of names to values, got " + value.describe(), null);
            return out;
        }
        for (MapNode.Member member : map.members().values()) {
            String text = stringItem(member.value(), pathOf(key) + "." + member.key());
            if (text != null) {
                out.put(member.key(), text);
            }
        }
        return out;
    }

    /** One string element of a list or mapping (numbers keep their source text), or null after reporting it. */
    private String stringItem(Node item, String itemPath) {
        if (item instanceof ScalarNode s && s.kind() != ScalarNode.Kind.NULL && s.kind() != ScalarNode.Kind.BOOLEAN) {
            return s.text();
        }
        diagnostics.error("E101", item.location(), itemPath, "expected a string, got " + item.describe(),
                item instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN ? "quote the value: \"" + Diagnostic.excerpt(s.text()) + "\"" : null);
        return null;
    }

    /** The nested mapping under {@code key}, or {@code null} when absent (reported when it is not a mapping). */
    public Fields map(String key) {
        Node value = raw(key);
        if (value == null || value instanceof ScalarNode s && s.isNull()) {
            return null;
        }
        if (value instanceof MapNode map) {
            return new Fields(map, pathOf(key), diagnostics);
        }
        error(key, "E101", "expected a mapping, got " + value.describe(), null);
        return null;
    }

    /** The mappings of a list under {@code key}; non-mapping items are reported and skipped. */
    public List<Fields> maps(String key) {
        Node value = raw(key);
        List<Fields> out = new ArrayList<>();
        if (value == null || value instanceof ScalarNode s && s.isNull()) {
            return out;
        }
        if (!(value instanceof ListNode list)) {
            error(key, "E101", "expected a list, got " + value.describe(), "write one '- name: ...' item per line");
            return out;
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (item instanceof MapNode map) {
                out.add(new Fields(map, itemPath, diagnostics));
            } else {
                diagnostics.error("E101", item.location(), itemPath, "expected a mapping, got " + item.describe(), null);
            }
        }
        return out;
    }

    /** Checks a value already read; reports at {@code key} when {@code ok} fails. */
    public <T> T check(String key, T value, Predicate<T> ok, String code, String message, String hint) {
        if (value != null && !ok.test(value)) {
            error(key, code, message, hint);
        }
        return value;
    }

    /**
     * Reports every key that no binder asked for, with the closest known key as a hint. When that key is a
     * required one reported missing, the typo alone is reported: one mistake, one message.
     */
    public void finish() {
        for (MapNode.Member member : node.members().values()) {
            if (!known.contains(member.key())) {
                Optional<String> suggestion = DidYouMean.suggest(member.key(), known);
                String hint = suggestion.map(s -> "did you mean '" + s + "'?")
                        .orElse("known keys here: " + String.join(", ", known));
                suggestion.map(missingReported::remove).ifPresent(diagnostics::withdraw);
                diagnostics.error("E100", member.keyLocation(), pathOf(member.key()), "unknown key '" + Diagnostic.excerpt(member.key()) + "'", hint);
            }
        }
    }
}
