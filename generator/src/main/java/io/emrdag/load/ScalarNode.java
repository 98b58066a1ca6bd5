package io.emrdag.load;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Location;

/**
 * A leaf value. {@code text} is exactly what the user wrote (for quoted strings, the unquoted content),
 * so that binding can be strict about types without YAML 1.1 surprises: {@code 0777} stays "0777" and is
 * refused as an ambiguous integer instead of silently becoming 511.
 */
public record ScalarNode(Location location, Kind kind, String text) implements Node {

    /** The type the parser saw. */
    public enum Kind {
        STRING, INTEGER, FLOAT, BOOLEAN, NULL
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    @Override
    public String describe() {
        return switch (kind) {
            case STRING -> "the string " + quote(text);
            case INTEGER -> "the integer " + Diagnostic.excerpt(text);
            case FLOAT -> "the number " + Diagnostic.excerpt(text);
            case BOOLEAN -> "the boolean " + Diagnostic.excerpt(text);
            case NULL -> "null";
        };
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
