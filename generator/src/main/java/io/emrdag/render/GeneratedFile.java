package io.emrdag.render;

import io.emrdag.hash.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * One rendered output file: its path relative to the output folder ('/' separators), its bytes (UTF-8) and their
 * SHA-256. A value with the accessors of a record; a class so that the bytes are encoded and hashed once, where the
 * file is rendered (on all cores), instead of again by the manifest, the write plan and the writer: with 10,000 job
 * groups each pass over the ~110 MB of output was a noticeable part of a cold generate.
 */
public final class GeneratedFile {

    private final String path;
    private final byte[] bytes;
    private final String sha256;
    private final String source;

    /**
     * @param path    relative to the output folder
     * @param content the full text
     * @param source  the metadata file it was generated from (for the manifest), or {@code null} for shared modules
     */
    public GeneratedFile(String path, String content, String source) {
        this(path, content.getBytes(StandardCharsets.UTF_8), source);
    }

    /** As the text constructor, with the text already encoded; {@code bytes} is kept, not copied: never change it. */
    public GeneratedFile(String path, byte[] bytes, String source) {
        this.path = path;
        this.bytes = bytes;
        this.sha256 = Sha256.of(bytes);
        this.source = source;
    }

    public String path() {
        return path;
    }

    /** The full text, decoded from {@link #bytes}. */
    public String content() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The file's bytes as written; shared, not copied: read them, never change them. */
    public byte[] bytes() {
        return bytes;
    }

    /** The SHA-256 of {@link #bytes}, as the manifest records it. */
    public String sha256() {
        return sha256;
    }

    /** The metadata file it was generated from, or {@code null} for shared modules. */
    public String source() {
        return source;
    }
}
