package io.emrdag.resolve;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A job-group file the listing found, not yet loaded.
 *
 * @param id         the file stem: the job-group id, unchecked
 * @param source     the file as diagnostics show it: the project's label, then its path with '/' separators
 * @param attributes its attributes as the listing read them (not following a symbolic link)
 */
public record GroupFile(String id, String source, Path file, BasicFileAttributes attributes) {
}
