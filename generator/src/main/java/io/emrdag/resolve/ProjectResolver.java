package io.emrdag.resolve;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.load.MetadataLoader;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Cluster;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import io.emrdag.model.ProjectSettings;
import io.emrdag.model.ReusedGroup;
import io.emrdag.validate.ClusterBinder;
import io.emrdag.validate.DidYouMean;
import io.emrdag.validate.Fields;
import io.emrdag.validate.JobGroupBinder;
import io.emrdag.validate.SettingsBinder;
import io.emrdag.validate.Shapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a project folder into a {@link Project}: loads {@code emrdag.yaml} and every job-group file, merges
 * built-in defaults, {@code defaults} and the chosen cluster profile under each job group, and binds the result.
 *
 * <p>Precedence, lowest first: built-in defaults, {@code emrdag.yaml} {@code defaults}, the profile (for
 * {@code cluster}), the job-group file. Profile names: a job group uses {@code cluster.profile}, else the one in
 * {@code defaults.cluster.profile}, else the profile called {@code default} when it exists.
 */
public final class ProjectResolver {

    public static final String SETTINGS_FILE = "emrdag.yaml";
    static final String DEFAULT_PROFILE = "default";

    private final MetadataLoader loader = new MetadataLoader();

    /** Resolves {@code projectDir}; every problem goes to {@code diagnostics} (returns null on errors). */
    public Project resolve(Path projectDir, Diagnostics diagnostics) {
        return resolve(projectDir, diagnostics, Reuse.NONE).project();
    }

    /**
     * A resolved project and which job-group files had findings (warnings) of their own: an incremental run
     * must bind those again next time, or their warnings would be shown once and then never again.
     *
     * @param project null when there were errors
     */
    public record Resolution(Project project, java.util.Set<String> sourcesWithFindings) {
    }

    /**
     * Resolves {@code projectDir}, taking over what {@code reuse} offers instead of binding those job groups;
     * every problem goes to {@code diagnostics}.
     */
    public Resolution resolve(Path projectDir, Diagnostics diagnostics, Reuse reuse) {
        if (!Files.isDirectory(projectDir)) {
            throw new EnvironmentException("project folder " + projectDir + " does not exist or is not a folder");
        }
        Path root = realPath(projectDir);
        String label = label(projectDir);
        Path settingsFile = root.resolve(SETTINGS_FILE);
        MapNode settingsTree = null;
        if (Files.isRegularFile(settingsFile)) {
            settingsTree = loader.load(settingsFile, label + "/" + SETTINGS_FILE, diagnostics).orElse(null);
        }
        Fields settingsFields = settingsTree == null ? null : new Fields(settingsTree, "", diagnostics);
        ProjectSettings settings = new SettingsBinder().bind(settingsFields);
        Node defaults = section(settingsFields, "defaults");
        Node defaultsCluster = defaults instanceof MapNode d ? d.get("cluster") : null;
        if (defaultsCluster != null && !(defaultsCluster instanceof MapNode) && !(defaultsCluster instanceof ScalarNode s && s.isNull())) {
            diagnostics.error("E101", defaultsCluster.location(), "defaults.cluster", "expected a mapping, got " + defaultsCluster.describe(), null);
            defaultsCluster = null;
            defaults = NodeMerger.without(defaults, "cluster");
        }
        Map<String, Node> profileTrees = profiles(settingsFields);

        Map<String, Cluster> profiles = new TreeMap<>();
        ClusterBinder clusterBinder = new ClusterBinder(settings.scriptsBase());
        for (Map.Entry<String, Node> profile : profileTrees.entrySet()) {
            Node merged = NodeMerger.without(NodeMerger.merge(defaultsCluster, profile.getValue()), "profile");
            if (merged instanceof MapNode map) {
                Cluster cluster = clusterBinder.bind(new Fields(map, "clusters." + profile.getKey(), diagnostics), profile.getKey(), false);
                if (cluster != null) {
                    profiles.put(profile.getKey(), cluster);
                }
            }
        }

        List<GroupFile> groupFiles = new ArrayList<>();
        Map<String, String> seenIds = new LinkedHashMap<>();
        for (Map.Entry<Path, BasicFileAttributes> listed : metadataFiles(root, settingsFile, label, diagnostics).entrySet()) {
            Path file = listed.getKey();
            String shown = label + "/" + root.relativize(file).toString().replace('\\', '/');
            String fileName = file.getFileName().toString();
            String id = fileName.substring(0, fileName.lastIndexOf('.'));
            if (checkId(id, shown, seenIds, diagnostics)) {
                groupFiles.add(new GroupFile(file, id, shown, listed.getValue()));
            }
        }
        // Job-group files are independent of each other: load and bind them on all cores, each into its own
        // diagnostics, then merge in file order so that the result never depends on which thread finished first.
        JobGroupBinder binder = new JobGroupBinder(settings);
        Node clusterDefaults = defaultsCluster;
        Node groupDefaults = defaults;
        List<Bound> bound = groupFiles.parallelStream()
                .map(f -> reuse.lookUp(f.shown(), f.file(), f.attributes(), f.id())
                        .map(r -> new Bound(f, null, r, new Diagnostics(), DEFAULT_PROFILE.equals(r.profile())))
                        .orElseGet(() -> bindGroup(f, groupDefaults, clusterDefaults, profileTrees, binder)))
                .toList();
        List<JobGroup> jobGroups = new ArrayList<>();
        List<ReusedGroup> reused = new ArrayList<>();
        java.util.Set<String> withFindings = new java.util.TreeSet<>();
        for (Bound result : bound) {
            List<Diagnostic> found = result.diagnostics().sorted();
            found.forEach(diagnostics::add);
            if (!found.isEmpty()) {
                withFindings.add(result.source().shown());
            }
            if (result.withoutProfile() && !profiles.containsKey(DEFAULT_PROFILE)) {
                Node base = NodeMerger.without(defaultsCluster, "profile");
                MapNode baseMap = base instanceof MapNode m ? m : MapNode.empty(Location.ofFile(result.source().shown()));
                Cluster implicit = clusterBinder.bind(new Fields(baseMap, "defaults.cluster", diagnostics), DEFAULT_PROFILE, false);
                if (implicit != null) {
                    profiles.put(DEFAULT_PROFILE, implicit);
                }
            }
            if (result.group() != null) {
                jobGroups.add(result.group());
            }
            if (result.reused() != null) {
                reused.add(result.reused());
            }
        }
        if (jobGroups.isEmpty() && reused.isEmpty() && !diagnostics.hasErrors()) {
            diagnostics.error("E150", Location.ofFile(label), "", "no job-group files (*.yaml, *.yml, *.json) in the project folder",
                    "add one file per job group, e.g. " + label + "/orders_cdc.yaml");
        }
        if (diagnostics.hasErrors()) {
            return new Resolution(null, withFindings);
        }
        return new Resolution(new Project(settings, profiles, jobGroups, reused), withFindings);
    }

    /** A job-group file whose id (its file stem) passed the checks. */
    private record GroupFile(Path file, String id, String shown, BasicFileAttributes attributes) {
    }

    /**
     * One job-group file, loaded and bound (the group; null when the file did not load) or reused, what was
     * found, and whether it uses the {@code default} profile without declaring it (then the project needs the
     * implicit default profile, built from {@code defaults.cluster}).
     */
    private record Bound(GroupFile source, JobGroup group, ReusedGroup reused, Diagnostics diagnostics, boolean withoutProfile) {
    }

    /** Loads and binds one job-group file; touches nothing shared but read-only trees and the thread-safe binder. */
    private Bound bindGroup(GroupFile source, Node defaults, Node defaultsCluster, Map<String, Node> profileTrees,
            JobGroupBinder binder) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<MapNode> tree = loader.load(source.file(), source.shown(), diagnostics);
        if (tree.isEmpty()) {
            return new Bound(source, null, null, diagnostics, false);
        }
        Node jobCluster = tree.get().get("cluster");
        ProfileChoice choice = profileName(jobCluster, defaultsCluster, profileTrees, diagnostics);
        String profile = choice.name();
        Node cluster = NodeMerger.merge(NodeMerger.merge(defaultsCluster, profile == null ? null : profileTrees.get(profile)), jobCluster);
        Node merged = NodeMerger.merge(defaults, tree.get());
        if (cluster != null) {
            merged = NodeMerger.merge(NodeMerger.without(merged, "cluster"),
                    new MapNode(tree.get().location(), Map.of("cluster", new MapNode.Member("cluster", cluster.location(), cluster))));
        }
        JobGroup group = binder.bind(source.id(), source.shown(), new Fields((MapNode) merged, "", diagnostics),
                profile == null ? DEFAULT_PROFILE : profile, choice.known());
        return new Bound(source, group, null, diagnostics, profile == null);
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

    private static Node section(Fields settings, String key) {
        if (settings == null) {
            return null;
        }
        Node node = settings.raw(key);
        if (node == null || node instanceof ScalarNode s && s.isNull()) {
            return null;
        }
        if (!(node instanceof MapNode)) {
            settings.error(key, "E101", "expected a mapping, got " + node.describe(), null);
            return null;
        }
        return node;
    }

    private static Map<String, Node> profiles(Fields settings) {
        Map<String, Node> out = new TreeMap<>();
        Node clusters = section(settings, "clusters");
        if (clusters instanceof MapNode map) {
            for (MapNode.Member member : map.members().values()) {
                if (!Shapes.PYTHON_PACKAGE.matcher(member.key()).matches()) {
                    settings.diagnostics().error("E151", member.keyLocation(), "clusters." + member.key(),
                            "profile names use lower-case letters, digits and '_'", null);
                } else if (!(member.value() instanceof MapNode)) {
                    settings.diagnostics().error("E101", member.value().location(), "clusters." + member.key(),
                            "expected a mapping, got " + member.value().describe(), null);
                } else {
                    out.put(member.key(), member.value());
                }
            }
        }
        return out;
    }

    /** The profile a job group uses ({@code null}: none), and whether its reference could be resolved. */
    private record ProfileChoice(String name, boolean known) {
    }

    private static ProfileChoice profileName(Node jobCluster, Node defaultsCluster, Map<String, Node> profiles,
            Diagnostics diagnostics) {
        Node chosen = jobCluster instanceof MapNode m && m.has("profile") ? m.get("profile")
                : defaultsCluster instanceof MapNode d && d.has("profile") ? d.get("profile") : null;
        if (chosen == null) {
            return new ProfileChoice(profiles.containsKey(DEFAULT_PROFILE) ? DEFAULT_PROFILE : null, true);
        }
        String path = "cluster.profile";
        if (!(chosen instanceof ScalarNode scalar) || scalar.kind() != ScalarNode.Kind.STRING) {
            diagnostics.error("E101", chosen.location(), path, "expected a profile name, got " + chosen.describe(), null);
            return new ProfileChoice(null, false);
        }
        if (!profiles.containsKey(scalar.text())) {
            String hint = DidYouMean.suggest(scalar.text(), profiles.keySet()).map(s -> "did you mean '" + s + "'?")
                    .orElse(profiles.isEmpty() ? "declare it under 'clusters:' in emrdag.yaml"
                            : "profiles in emrdag.yaml: " + String.join(", ", profiles.keySet()));
            diagnostics.error("E152", chosen.location(), path, "unknown cluster profile '" + Diagnostic.excerpt(scalar.text()) + "'", hint);
            return new ProfileChoice(null, false);
        }
        return new ProfileChoice(scalar.text(), true);
    }

    private static boolean checkId(String id, String shown, Map<String, String> seen, Diagnostics diagnostics) {
        Location where = Location.ofFile(shown);
        if (!Shapes.JOB_GROUP_ID.matcher(id).matches() || Shapes.PYTHON_KEYWORDS.contains(id)) {
            diagnostics.error("E160", where, "", "job-group id '" + id + "' (the file name) is not a valid Python module name",
                    "rename the file to letters, digits and '_', not starting with a digit and not a Python keyword, e.g. "
                            + suggestedId(id) + ".yaml");
            return false;
        }
        String first = seen.putIfAbsent(id, shown);
        if (first != null) {
            diagnostics.error("E161", where, "", "duplicate job-group id '" + id + "' (also " + first + ")",
                    "job-group ids are file names and must be unique across all sub-folders; rename one file");
            return false;
        }
        return true;
    }

    private static String suggestedId(String id) {
        String cleaned = id.replaceAll("[^A-Za-z0-9_]", "_").replaceFirst("^(\\d)", "_$1");
        return Shapes.PYTHON_KEYWORDS.contains(cleaned) || cleaned.isEmpty() ? cleaned + "_jobs" : cleaned;
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
            String shown = label + "/" + root.relativize(p).toString().replace('\\', '/');
            boolean link = attributes.isSymbolicLink();
            if (attributes.isDirectory() || link && Files.isDirectory(p)) {
                diagnostics.error("E162", Location.ofFile(shown), "", "a folder is named like a job-group file",
                        "rename the folder; only files ending in .yaml, .yml or .json are job groups");
            } else if (link && !realPath(p).startsWith(root)) {
                diagnostics.error("E163", Location.ofFile(shown), "", "symbolic link points outside the project folder",
                        "copy the file into the project folder");
            } else if (attributes.isRegularFile() || link && Files.isRegularFile(p)) {
                files.put(p, attributes);
            }
        });
        return files;
    }

}
