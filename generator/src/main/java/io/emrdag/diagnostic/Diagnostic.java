package io.emrdag.diagnostic;

import java.util.Comparator;

/**
 * One located finding about the user's metadata.
 *
 * <p>Printed as {@code file:line:col: error[E012] path: message} with an optional indented hint line,
 * the shape compilers use, so that terminals, IDEs and CI annotate the right line.
 *
 * @param code stable identifier (see the diagnostics reference in the README)
 * @param path dotted path into the document ({@code cluster.core.instance_count}), empty for the whole file
 * @param hint what to do about it, or {@code null}
 */
public record Diagnostic(Severity severity, String code, Location location, String path, String message,
        String hint) {

    /** Orders diagnostics by file, then position, so reports read top to bottom and are deterministic. */
    public static final Comparator<Diagnostic> BY_LOCATION = Comparator
            .comparing((Diagnostic d) -> d.location().file())
            .thenComparingInt(d -> d.location().line())
            .thenComparingInt(d -> d.location().column())
            .thenComparing(Diagnostic::code)
            .thenComparing(Diagnostic::message);

    public static Diagnostic error(String code, Location location, String path, String message, String hint) {
        return new Diagnostic(Severity.ERROR, code, location, path, message, hint);
    }

    public static Diagnostic warning(String code, Location location, String path, String message, String hint) {
        return new Diagnostic(Severity.WARNING, code, location, path, message, hint);
    }

    /**
     * A user value as quoted in a message: one line, at most 60 characters, so that a pasted blob cannot turn a
     * diagnostic into a wall of text.
     */
    public static String excerpt(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        if (oneLine.length() <= 60) {
            return oneLine;
        }
        int cut = Character.isHighSurrogate(oneLine.charAt(56)) ? 56 : 57;
        return oneLine.substring(0, cut) + "...";
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The user-facing text: one line, plus a {@code   hint: } line when there is a hint. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(location).append(": ").append(severity.label()).append('[').append(code).append("] ");
        if (path != null && !path.isEmpty()) {
            out.append(path).append(": ");
        }
        out.append(message);
        if (hint != null && !hint.isEmpty()) {
            out.append(System.lineSeparator()).append("  hint: ").append(hint);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
