package io.emrdag.resolve;

import io.emrdag.model.ReusedGroup;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Earlier output the resolver may take over instead of loading, binding and rendering a job group again. The
 * implementation decides (the generation cache: same metadata bytes, same emrdag, same {@code emrdag.yaml},
 * DAG file untouched since); it is called on several threads at once.
 */
@FunctionalInterface
public interface Reuse {

    /** Nothing is reused: every job group is bound. */
    Reuse NONE = (source, file, attributes, id) -> Optional.empty();

    /**
     * @param source     the job-group file as shown in diagnostics
     * @param file       the file itself
     * @param attributes its attributes as the listing read them (not following a symbolic link)
     * @param id         its job-group id
     */
    Optional<ReusedGroup> lookUp(String source, Path file, BasicFileAttributes attributes, String id);

    /** The SHA-256 of a job-group file for the manifest; an implementation may know it without reading the file. */
    default String sourceHash(String source, Path file) {
        return MergedProject.read(file);
    }
}
