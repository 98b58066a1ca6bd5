package io.emrdag.diagnostic;

/**
 * A position in a metadata file. {@code file} is the path as the user should see it (relative to the
 * working directory where possible), so that IDEs and CI logs turn {@code file:line:col} into a link.
 * Line and column are 1-based; 0 means "unknown" (for example a whole-file problem).
 */
public record Location(String file, int line, int column) {

    public static Location ofFile(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + ":" + column;
    }
}
