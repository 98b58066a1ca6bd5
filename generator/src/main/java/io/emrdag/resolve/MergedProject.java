package io.emrdag.resolve;

import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.hash.Sha256;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A project folder loaded and merged, before anything is checked: what {@code validate} binds into a
 * {@link io.emrdag.model.Project}.
 *
 * @param label          the project folder's name, the first segment of every source shown
 * @param settings       {@code emrdag.yaml}, or {@code null} when there is none or it did not load
 * @param profiles       every mapping under {@code clusters}, by name, with {@code defaults.cluster} merged underneath
 *                       and without its {@code profile} key
 * @param defaultCluster {@code defaults.cluster} without {@code profile}: the implicit {@code default} profile of job
 *                       groups that name none; {@code null} when absent or not a mapping
 * @param groups         the job-group files, sorted by path
 * @param sources        every metadata file by its shown name ({@code emrdag.yaml} first when present): what the
 *                       manifest records
 */
public record MergedProject(String label, MapNode settings, Map<String, Node> profiles, Node defaultCluster,
        List<MergedGroup> groups, Map<String, Path> sources) {

    public MergedProject {
        profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
        groups = List.copyOf(groups);
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /**
     * The SHA-256 of every metadata file, read on all cores. Job-group files are hashed through {@code reuse}, which
     * may know a file's hash without reading it; {@code emrdag.yaml} is always read.
     */
    public Map<String, String> sourceHashes(Reuse reuse) {
        Map<String, String> hashes = new TreeMap<>();
        String settings = label + "/" + ProjectResolver.SETTINGS_FILE;
        sources.entrySet().parallelStream()
                .map(e -> Map.entry(e.getKey(), e.getKey().equals(settings) ? read(e.getValue()) : reuse.sourceHash(e.getKey(), e.getValue())))
                .toList().forEach(e -> hashes.put(e.getKey(), e.getValue()));
        return hashes;
    }

    /** The SHA-256 of a file that must be readable (it was just listed). */
    static String read(Path file) {
        try {
            return Sha256.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
