package io.emrdag.render;

/**
 * One rendered output file: its path relative to the output folder ('/' separators) and its full text.
 *
 * @param source the metadata file it was generated from (for the manifest), or {@code null} for shared modules
 */
public record GeneratedFile(String path, String content, String source) {
}
