package io.emrdag.resolve;

import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.load.MetadataLoader;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The resolve stage: lists a project folder, loads {@code emrdag.yaml} and every job-group file, and merges
 * {@code defaults} and the chosen cluster profile under each job group. It checks nothing the metadata says;
 * {@code validate} binds the result and reports every mistake.
 *
 * <p>Precedence, lowest first: built-in defaults (applied when binding), {@code emrdag.yaml} {@code defaults}, the
 * profile (for {@code cluster}), the job-group file. Profile names: a job group uses {@code cluster.profile}, else
 * the one in {@code defaults.cluster.profile}, else the profile called {@code default} when it exists. A job group on an
 * existing cluster ({@code cluster.mode: existing}, its own or from {@code defaults.cluster}) gets no profile and none of
 * {@code defaults.cluster} but {@code mode} and {@code cluster_id}, nor the {@code job_flow_overrides} of {@code defaults}.
 */
public final class ProjectResolver {

    public static final String SETTINGS_FILE = "emrdag.yaml";
    /** The profile of job groups that name none. */
    public static final String DEFAULT_PROFILE = "default";

    private final MetadataLoader loader = new MetadataLoader();

    /**
     * Lists {@code projectDir} and loads its {@code emrdag.yaml}; its job-group files are loaded and merged when the
     * binder asks ({@link MergedProject#merge}). Loading problems go to the merged groups (job-group files) or to
     * {@code diagnostics} ({@code emrdag.yaml}, the listing).
     */
    public MergedProject resolve(Path projectDir, Diagnostics diagnostics) {
        return resolve(projectDir, null, diagnostics);
    }

    /**
     * As {@link #resolve(Path, Diagnostics)}, with {@code environment}'s overlay merged over {@code emrdag.yaml}
     * ({@link EnvironmentOverlay}) before its defaults and profiles are merged under the job groups; {@code null} for
     * the project as written.
     */
    public MergedProject resolve(Path projectDir, String environment, Diagnostics diagnostics) {
        if (!Files.isDirectory(projectDir)) {
            throw new EnvironmentException("project folder " + projectDir + " does not exist or is not a folder");
        }
        Path root = realPath(projectDir);
        String label = label(projectDir);
        Path settingsFile = root.resolve(SETTINGS_FILE);
        Map<String, Path> sources = new LinkedHashMap<>();
        MapNode written = null;
        if (Files.isRegularFile(settingsFile)) {
            sources.put(label + "/" + SETTINGS_FILE, settingsFile);
            written = loader.load(settingsFile, label + "/" + SETTINGS_FILE, diagnostics).orElse(null);
        }
        MapNode settings = EnvironmentOverlay.apply(written, environment);
        Node defaults = mapping(settings, "defaults");
        Node defaultsCluster = mapping(defaults, "cluster");
        Node groupDefaults = defaults instanceof MapNode map && map.has("cluster") ? NodeMerger.without(defaults, "cluster") : defaults;
        // How a job group gets its cluster is the job group's own choice: profiles describe clusters to create.
        Node profileBase = NodeMerger.without(NodeMerger.without(defaultsCluster, MODE), CLUSTER_ID);
        Map<String, Node> profiles = new TreeMap<>();
        if (mapping(settings, "clusters") instanceof MapNode clusters) {
            clusters.members().values().stream().filter(m -> m.value() instanceof MapNode).forEach(m -> profiles.put(m.key(),
                    NodeMerger.without(NodeMerger.mergeCluster(profileBase, m.value()), "profile")));
        }
        List<GroupFile> files = new ArrayList<>();
        metadataFiles(root, settingsFile, label, diagnostics).forEach((file, attributes) -> {
            String fileName = file.getFileName().toString();
            String source = shown(label, root, file);
            files.add(new GroupFile(fileName.substring(0, fileName.lastIndexOf('.')), source, file, attributes));
            sources.put(source, file);
        });
        return new MergedProject(label, environment, written, settings, profiles, NodeMerger.without(profileBase, "profile"), files, sources,
                new Underneath(this, groupDefaults, defaultsCluster, profiles));
    }

    /**
     * The environments {@code emrdag.yaml} declares ({@link EnvironmentOverlay#names}), in file order; empty when it
     * declares none, or does not exist or load (resolving the project then reports why).
     */
    public List<String> environments(Path projectDir) {
        Path settingsFile = projectDir.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(settingsFile)) {
            return List.of();
        }
        return EnvironmentOverlay.names(loader.load(settingsFile, SETTINGS_FILE, new Diagnostics()).orElse(null));
    }

    /** What every job group is merged over: {@code defaults}, {@code defaults.cluster} and the profiles. Read-only. */
    record Underneath(ProjectResolver resolver, Node defaults, Node defaultsCluster, Map<String, Node> profiles) {

        MergedGroup merge(GroupFile file, Consumer<byte[]> read) {
            return resolver.merge(file, defaults, defaultsCluster, profiles, read);
        }
    }

    /** Loads and merges one job-group file, handing its bytes to {@code read}; touches nothing shared but read-only trees. */
    private MergedGroup merge(GroupFile file, Node defaults, Node defaultsCluster, Map<String, Node> profiles, Consumer<byte[]> read) {
        Diagnostics loading = new Diagnostics();
        Optional<MapNode> tree = loader.load(file.file(), file.source(), loading, read);
        if (tree.isEmpty()) {
            return new MergedGroup(file, null, null, null, null, loading.sorted());
        }
        Node jobCluster = tree.get().get("cluster");
        if (EXISTING.equals(modeOf(jobCluster, defaultsCluster))) {
            // An existing cluster is used as it is: nothing of the profiles and defaults that describe a cluster to create
            // applies (validate refuses such keys written in the job group itself), only the mode and the cluster's id.
            Node cluster = NodeMerger.merge(only(defaultsCluster, MODE, CLUSTER_ID), jobCluster);
            Node merged = NodeMerger.merge(NodeMerger.without(defaults, "job_flow_overrides"), tree.get());
            merged = NodeMerger.merge(NodeMerger.without(merged, "cluster"),
                    new MapNode(tree.get().location(), Map.of("cluster", new MapNode.Member("cluster", cluster.location(), cluster))));
            return new MergedGroup(file, (MapNode) merged, tree.get(), null, null, loading.sorted());
        }
        defaultsCluster = NodeMerger.without(defaultsCluster, CLUSTER_ID);
        Node reference = jobCluster instanceof MapNode m && m.has("profile") ? m.get("profile")
                : defaultsCluster instanceof MapNode d && d.has("profile") ? d.get("profile") : null;
        String profile = reference == null ? (profiles.containsKey(DEFAULT_PROFILE) ? DEFAULT_PROFILE : null)
                : reference instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && profiles.containsKey(s.text()) ? s.text()
                : null;
        // A profile that names a mode or a cluster id is refused when it is bound; its job groups do not inherit them.
        Node profileCluster = profile == null ? null : NodeMerger.without(NodeMerger.without(profiles.get(profile), MODE), CLUSTER_ID);
        Node cluster = NodeMerger.mergeCluster(NodeMerger.mergeCluster(defaultsCluster, profileCluster), jobCluster);
        Node merged = NodeMerger.merge(defaults, tree.get());
        if (cluster != null) {
            merged = NodeMerger.merge(NodeMerger.without(merged, "cluster"),
                    new MapNode(tree.get().location(), Map.of("cluster", new MapNode.Member("cluster", cluster.location(), cluster))));
        }
        return new MergedGroup(file, (MapNode) merged, tree.get(), reference, profile, loading.sorted());
    }

    static final String MODE = "mode";
    static final String CLUSTER_ID = "cluster_id";
    private static final String EXISTING = "existing";

    /** The cluster mode as written, the job group's over {@code defaults.cluster}'s; {@code null} when neither says. */
    private static String modeOf(Node jobCluster, Node defaultsCluster) {
        for (Node cluster : new Node[] {jobCluster, defaultsCluster}) {
            if (cluster instanceof MapNode map && map.get(MODE) instanceof ScalarNode s && !s.isNull()) {
                return s.text();
            }
        }
        return null;
    }

    /** The members {@code keys} of {@code node} when it is a mapping, else {@code null}. */
    private static Node only(Node node, String... keys) {
        if (!(node instanceof MapNode map)) {
            return null;
        }
        Map<String, MapNode.Member> kept = new LinkedHashMap<>();
        for (String key : keys) {
            if (map.members().get(key) != null) {
                kept.put(key, map.members().get(key));
            }
        }
        return new MapNode(map.location(), kept);
    }

    /** {@code key} of {@code node} when both are mappings, else {@code null}: validate reports anything else. */
    private static Node mapping(Node node, String key) {
        return node instanceof MapNode map && map.get(key) instanceof MapNode value ? value : null;
    }

    /**
     * A file under {@code root} as diagnostics show it. The walk's paths start with the root's own text, so the common
     * case is a cut of the text: {@link Path#relativize}, for 10,000 files, was a tenth of listing them.
     */
    private static String shown(String label, Path root, Path file) {
        String folder = root.toString();
        String path = file.toString();
        String relative = path.length() > folder.length() + 1 && path.startsWith(folder)
                && path.charAt(folder.length()) == root.getFileSystem().getSeparator().charAt(0)
                ? path.substring(folder.length() + 1) : root.relativize(file).toString();
        return label + "/" + relative.replace('\\', '/');
    }

    /**
     * How the project folder is named in diagnostics, headers and the manifest: its own folder name, the same
     * whichever way it was given on the command line ({@code .}, a relative or an absolute path).
     */
    public static String label(Path projectDir) {
        Path real = realPath(projectDir);
        return real.getFileName() == null ? "project" : real.getFileName().toString();
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read project folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The job-group files under {@code root}, sorted, with the attributes the walk read (of the link itself for
     * a symbolic link). One file-tree walk that reads each entry's attributes once
     * and never descends into hidden folders ({@code .git}, {@code .emrdag-cache}): with 10,000 job groups the
     * listing is a noticeable part of a run that has little else to do.
     */
    private static Map<Path, BasicFileAttributes> metadataFiles(Path root, Path settingsFile, String label, Diagnostics diagnostics) {
        Map<Path, BasicFileAttributes> found = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (MetadataLoader.isMetadataFile(dir)) {
                        found.put(dir, attributes);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!file.getFileName().toString().startsWith(".") && MetadataLoader.isMetadataFile(file)
                            && !file.equals(settingsFile)) {
                        found.put(file, attributes);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new EnvironmentException("cannot list project folder " + root + ": " + e.getMessage(), e);
        }
        Map<Path, BasicFileAttributes> files = new LinkedHashMap<>();
        found.forEach((p, attributes) -> {
            boolean link = attributes.isSymbolicLink();
            if (attributes.isDirectory() || link && Files.isDirectory(p)) {
                diagnostics.error("E162", Location.ofFile(shown(label, root, p)), "", "a folder is named like a job-group file",
                        "rename the folder; only files ending in .yaml, .yml or .json are job groups");
            } else if (link && !realPath(p).startsWith(root)) {
                diagnostics.error("E163", Location.ofFile(shown(label, root, p)), "", "symbolic link points outside the project folder",
                        "copy the file into the project folder");
            } else if (attributes.isRegularFile() || link && Files.isRegularFile(p)) {
                files.put(p, attributes);
            }
        });
        return files;
    }

}
