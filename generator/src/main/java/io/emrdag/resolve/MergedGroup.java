package io.emrdag.resolve;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.model.ReusedGroup;
import java.util.List;

/**
 * One job-group file, loaded with {@code defaults} and its cluster profile merged underneath, not yet bound.
 *
 * @param file             the file
 * @param tree             the merged metadata; {@code null} when the file did not load or was reused
 * @param profileReference the node that names the profile (in the file or in {@code defaults.cluster}); {@code null}
 *                         when nothing names one
 * @param profile          the profile merged in: the one named, else {@code default} when it exists; {@code null} when
 *                         the reference names no profile under {@code clusters} or nothing was merged
 * @param reused           what the generation cache takes over instead (then the file was not loaded), or {@code null}
 * @param loading          what loading the file found (syntax errors, duplicate keys, ...)
 */
public record MergedGroup(GroupFile file, MapNode tree, Node profileReference, String profile,
        ReusedGroup reused, List<Diagnostic> loading) {

    public MergedGroup {
        loading = List.copyOf(loading);
    }
}
