package io.emrdag.resolve;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import java.util.List;

/**
 * One job-group file, loaded with {@code defaults} and its cluster profile merged underneath, not yet bound.
 *
 * @param file             the file
 * @param tree             the merged metadata; {@code null} when the file did not load
 * @param written          the file's own metadata, before anything was merged in: where a value written in the file is;
 *                         {@code null} when the file did not load
 * @param profileReference the node that names the profile (in the file or in {@code defaults.cluster}); {@code null}
 *                         when nothing names one
 * @param profile          the profile merged in: the one named, else {@code default} when it exists; {@code null} when
 *                         the reference names no profile under {@code clusters} or nothing was merged
 * @param loading          what loading the file found (syntax errors, duplicate keys, ...)
 */
public record MergedGroup(GroupFile file, MapNode tree, MapNode written, Node profileReference, String profile,
        List<Diagnostic> loading) {

    public MergedGroup {
        loading = List.copyOf(loading);
    }
}
