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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A project folder listed, with {@code emrdag.yaml} loaded and merged: what {@code validate} binds into a
 * {@link io.emrdag.model.Project}. Job-group files are loaded and merged on demand ({@link #merge}), so that the
 * binder can load, merge and bind each on all cores in one pass and drop its tree at once.
 */
public final class MergedProject {

    private final String label;
    private final String environment;
    private final MapNode written;
    private final MapNode settings;
    private final Map<String, Node> profiles;
    private final Node defaultCluster;
    private final List<GroupFile> files;
    private final Map<String, Path> sources;
    private final ProjectResolver.Underneath underneath;
    private final boolean hashing;
    private final ConcurrentMap<String, String> loadedHashes = new ConcurrentHashMap<>();

    MergedProject(String label, String environment, MapNode written, MapNode settings, Map<String, Node> profiles,
            Node defaultCluster, List<GroupFile> files, Map<String, Path> sources, ProjectResolver.Underneath underneath) {
        this(label, environment, written, settings, profiles, defaultCluster, files, sources, underneath, false);
    }

    private MergedProject(String label, String environment, MapNode written, MapNode settings, Map<String, Node> profiles,
            Node defaultCluster, List<GroupFile> files, Map<String, Path> sources, ProjectResolver.Underneath underneath,
            boolean hashing) {
        this.label = label;
        this.environment = environment;
        this.written = written;
        this.settings = settings;
        this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
        this.defaultCluster = defaultCluster;
        this.files = List.copyOf(files);
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.underneath = underneath;
        this.hashing = hashing;
    }

    /**
     * The same project, hashing each job-group file as {@link #merge} loads it, for {@link #sourceHashes}: what a generate
     * records in its manifest. {@code validate} has no use for the hashes and does not pay for them.
     */
    public MergedProject hashingSources() {
        return new MergedProject(label, environment, written, settings, profiles, defaultCluster, files, sources, underneath, true);
    }

    /** The project folder's name, the first segment of every source shown. */
    public String label() {
        return label;
    }

    /** The environment asked for (its overlay is merged into {@link #settings}), or {@code null}. */
    public String environment() {
        return environment;
    }

    /** {@code emrdag.yaml} as written, without any environment's overlay; {@code null} as for {@link #settings}. */
    public MapNode writtenSettings() {
        return written;
    }

    /**
     * {@code emrdag.yaml} with the {@link #environment}'s overlay merged in, or {@code null} when there is none or it
     * did not load.
     */
    public MapNode settings() {
        return settings;
    }

    /**
     * Every mapping under {@code clusters}, by name, with {@code defaults.cluster} merged underneath and without its
     * {@code profile} key.
     */
    public Map<String, Node> profiles() {
        return profiles;
    }

    /**
     * {@code defaults.cluster} without {@code profile}: the implicit {@code default} profile of job groups that name
     * none; {@code null} when absent or not a mapping.
     */
    public Node defaultCluster() {
        return defaultCluster;
    }

    /** The job-group files, sorted by path. */
    public List<GroupFile> files() {
        return files;
    }

    /** Every metadata file by its shown name ({@code emrdag.yaml} first when present): what the manifest records. */
    public Map<String, Path> sources() {
        return sources;
    }

    /**
     * Loads one of {@link #files} and merges {@code defaults} and its profile underneath. Thread-safe. When
     * {@link #hashingSources hashing}, the file's SHA-256 is taken from the bytes loaded, for {@link #sourceHashes}: the
     * manifest then records the bytes the DAG file was generated from, and the file is not read a second time.
     */
    public MergedGroup merge(GroupFile file) {
        return underneath.merge(file, hashing ? bytes -> loadedHashes.put(file.source(), Sha256.of(bytes)) : bytes -> { });
    }

    /**
     * The SHA-256 of every metadata file, read on all cores, except the job-group files whose hash is {@code known}
     * (shown name → SHA-256) or that were loaded ({@link #merge}); {@code emrdag.yaml} is always read.
     */
    public Map<String, String> sourceHashes(Map<String, String> known) {
        Map<String, String> hashes = new TreeMap<>();
        String settings = label + "/" + ProjectResolver.SETTINGS_FILE;
        sources.entrySet().parallelStream()
                .map(e -> Map.entry(e.getKey(), e.getKey().equals(settings) ? read(e.getValue())
                        : known.containsKey(e.getKey()) ? known.get(e.getKey())
                        : loadedHashes.containsKey(e.getKey()) ? loadedHashes.get(e.getKey()) : read(e.getValue())))
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
