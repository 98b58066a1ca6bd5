package io.emrdag.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only way a metadata value becomes Python source. Strings are written as double-quoted, pure-ASCII
 * literals (every non-ASCII, control or bidirectional character escaped), so that no user text can end a
 * string, start code, or hide in the source as invisible characters.
 *
 * <p>Values inside an Airflow templated field (the EMR requests) need more: Airflow renders each string with
 * Jinja and, with {@code render_template_as_native_obj}, {@code ast.literal_eval}s the result, so
 * {@code "200"} would reach EMR as the integer 200 and {@code "{{ x }}"} would be rendered. Such strings
 * are wrapped in {@code Verbatim(...)}, which {@code template_generator.fill} turns into Airflow's
 * {@code literal()} (passed through untouched). See {@link #isNativeSafe(String)}.
 */
public final class PythonLiteral {

    /** A {@code ${name}} placeholder of templates.py, filled by template_generator.fill. */
    public record Placeholder(String name) {
    }

    /** A string Airflow must render at run time (Jinja): written as a plain literal on purpose. */
    public record Jinja(String source) {
    }

    /**
     * A string written as {@code wrapper("value")}: a marker class of the shared module that decides, knowing the
     * operator, how the string reaches it (e.g. {@code template_generator.Rendered}).
     */
    public record Marked(String wrapper, String value) {
    }

    static final int LINE_LENGTH = 100;

    private final String verbatim;

    /**
     * @param verbatim how the Verbatim class is named where the literal is used ({@code Verbatim} or
     *     {@code template_generator.Verbatim}); {@code null} for values outside templated fields
     */
    public PythonLiteral(String verbatim) {
        this.verbatim = verbatim;
    }

    /** A writer for values that Airflow does not render (DAG arguments, module constants). */
    public static PythonLiteral plain() {
        return new PythonLiteral(null);
    }

    /** Python's {@code None}. */
    public static final String NONE = "None";

    /**
     * A {@code datetime.timedelta(...)} with the largest whole units, e.g. {@code datetime.timedelta(hours=1,
     * minutes=30)}: readable in the DAG file and in Airflow's UI.
     */
    public static String timedelta(Duration duration) {
        long seconds = duration.toSeconds();
        List<String> parts = new ArrayList<>();
        long[] sizes = {86400, 3600, 60, 1};
        String[] names = {"days", "hours", "minutes", "seconds"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                parts.add(names[i] + "=" + seconds / sizes[i]);
                seconds %= sizes[i];
            }
        }
        return "datetime.timedelta(" + (parts.isEmpty() ? "0" : String.join(", ", parts)) + ")";
    }

    /** A Python {@code str} literal of {@code value}, outside any templated field. */
    public static String string(String value) {
        int length = value.length();
        int plain = 0;
        while (plain < length && isPlain(value.charAt(plain))) {
            plain++;
        }
        if (plain == length) {
            return '"' + value + '"';
        }
        StringBuilder out = new StringBuilder(length + 16).append('"').append(value, 0, plain);
        for (int i = plain; i < length; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) {
                        out.append((char) cp);
                    } else if (cp < 0x100) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Printable ASCII that stands for itself inside a double-quoted literal. */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '\\' && c != '"';
    }

    /** Text safe inside a {@code #} comment: printable ASCII only, anything else escaped. */
    public static String comment(String value) {
        String literal = string(value);
        return literal.substring(1, literal.length() - 1);
    }

    /**
     * Whether Airflow's native rendering returns {@code value} unchanged: no Jinja or placeholder syntax, no
     * line breaks, not
     * ending in {@code .json} (taken as a template file name), and not something {@code ast.literal_eval}
     * could read. The last test is conservative: only strings starting with an ASCII letter, '_' or '/'
     * (letters and '_' may follow one or two signs, as in {@code --job_group}), whose leading word is not a
     * Python constant or string prefix, pass; everything else is wrapped.
     */
    public static boolean isNativeSafe(String value) {
        // Jinja also rewrites line ends ("\r" becomes "\n", a final newline is dropped).
        if (value.isEmpty() || hasLineEndOrSyntax(value) || endsWithJson(value)) {
            return false;
        }
        // A sign before a name ("--job_group") still reads as a name, which literal_eval refuses.
        int start = 0;
        while (start < 2 && start < value.length() && (value.charAt(start) == '-' || value.charAt(start) == '+')) {
            start++;
        }
        if (start == value.length()) {
            return false;
        }
        char first = value.charAt(start);
        boolean letter = first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '_';
        if (!(letter || start == 0 && first == '/')) {
            return false;
        }
        int end = start;
        while (end < value.length() && isAsciiWordChar(value.charAt(end))) {
            end++;
        }
        // Python folds non-ASCII identifier characters (NFKC): a fullwidth "ｅ" can turn "sｅt()" into set().
        if (end < value.length() && value.charAt(end) > 0x7f) {
            return false;
        }
        String word = value.substring(start, end);
        if (word.equals("True") || word.equals("False") || word.equals("None") || word.equals("set")) {
            return false;
        }
        boolean stringPrefix = start == 0 && word.length() <= 2 && word.chars().allMatch(c -> "rRbBuUfF".indexOf(c) >= 0);
        return !(stringPrefix && end < value.length() && (value.charAt(end) == '\'' || value.charAt(end) == '"'));
    }

    /** A line end, or the start of Jinja ({@code {{ {% {#}) or placeholder ({@code ${}) syntax, in one pass. */
    private static boolean hasLineEndOrSyntax(String value) {
        for (int i = 0, length = value.length(); i < length; i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if ((c == '{' || c == '$') && i + 1 < length) {
                char next = value.charAt(i + 1);
                if (next == '{' || c == '{' && (next == '%' || next == '#')) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code value} ends in {@code .json} in any case, as {@code value.toLowerCase(Locale.ROOT).endsWith(".json")}
     * says: no character outside ASCII lower-cases to one of {@code .json}, so the last five must be ASCII.
     */
    private static boolean endsWithJson(String value) {
        int start = value.length() - 5;
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            char c = value.charAt(start + i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != ".json".charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** A string inside a templated field: plain when native-safe, else wrapped. */
    public String data(String value) {
        return verbatim == null || isNativeSafe(value) ? string(value) : verbatim + "(" + string(value) + ")";
    }

    /** Formats a value tree on one line if it fits, else one item per line, at {@code indent} spaces. */
    public String format(Object value, int indent) {
        return format(value, indent, 0, new IdentityHashMap<>());
    }

    /** As {@link #format(Object, int)}, after {@code used} characters already on the first line (a keyword, '='). */
    public String format(Object value, int indent, int used) {
        return format(value, indent, used, new IdentityHashMap<>());
    }

    /**
     * {@code used}: characters already on the line after the indent (a key, an assignment). {@code flats}
     * keeps each container's one-line form, which every enclosing level that did not fit has already built.
     */
    private String format(Object value, int indent, int used, Map<Object, String> flats) {
        String flat = flat(value, flats);
        if (indent + used + flat.length() + 1 <= LINE_LENGTH || !(value instanceof Map || value instanceof List)
                || ((value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty()))) {
            return flat;
        }
        String pad = " ".repeat(indent + 4);
        StringBuilder out = new StringBuilder(flat.length() + 64);
        if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = string((String) entry.getKey()) + ": ";
                out.append(pad).append(key).append(format(entry.getValue(), indent + 4, key.length(), flats)).append(",\n");
            }
            return out.append(" ".repeat(indent)).append('}').toString();
        }
        out.append("[\n");
        for (Object item : (List<?>) value) {
            out.append(pad).append(format(item, indent + 4, 0, flats)).append(",\n");
        }
        return out.append(" ".repeat(indent)).append(']').toString();
    }

    private String flat(Object value, Map<Object, String> flats) {
        if (!(value instanceof Map || value instanceof List)) {
            return scalar(value);
        }
        String known = flats.get(value);
        if (known == null) {
            StringBuilder out = new StringBuilder(64);
            boolean first = true;
            if (value instanceof Map<?, ?> map) {
                out.append('{');
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    out.append(string((String) entry.getKey())).append(": ").append(flat(entry.getValue(), flats));
                }
                out.append('}');
            } else {
                out.append('[');
                for (Object item : (List<?>) value) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    out.append(flat(item, flats));
                }
                out.append(']');
            }
            known = out.toString();
            flats.put(value, known);
        }
        return known;
    }

    private String scalar(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return data(s);
        }
        if (value instanceof Placeholder p) {
            return string("${" + p.name() + "}");
        }
        if (value instanceof Jinja j) {
            return string(j.source());
        }
        if (value instanceof Marked m) {
            return m.wrapper() + "(" + string(m.value()) + ")";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toString();
        }
        throw new IllegalArgumentException("no Python literal for " + value.getClass());
    }

    /** Whether {@code value} contains a string that will be written as {@code Verbatim(...)}. */
    public static boolean needsVerbatim(Object value) {
        if (value instanceof String s) {
            return !isNativeSafe(s);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(PythonLiteral::needsVerbatim);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(PythonLiteral::needsVerbatim);
        }
        return false;
    }
}
