package io.emrdag.render;

/**
 * One output file: its path relative to the output folder ('/' separators) and its full text.
 *
 * @param content the text, or {@code null} for the file of a {@link io.emrdag.model.ReusedGroup}: it is already
 *     in the output folder, unchanged, and was not rendered again
 * @param source the metadata file it was generated from (for the manifest), or {@code null} for shared modules
 * @param sha256 the SHA-256 of the text when already known (always for a reused file), else {@code null}
 */
public record GeneratedFile(String path, String content, String source, String sha256) {

    public GeneratedFile {
        if (content == null && sha256 == null) {
            throw new IllegalArgumentException("a generated file needs its content or, when reused, its hash: " + path);
        }
    }

    /** A freshly rendered file. */
    public GeneratedFile(String path, String content, String source) {
        this(path, content, source, null);
    }

    /** Whether the file is taken over unchanged from the output folder instead of rendered. */
    public boolean reused() {
        return content == null;
    }
}
