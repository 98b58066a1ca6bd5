package io.emrdag.validate;

import io.emrdag.capacity.InstanceTypes;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Cluster;
import io.emrdag.model.GroupSummary;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import io.emrdag.model.ProjectSettings;
import io.emrdag.resolve.GroupFile;
import io.emrdag.resolve.MergedGroup;
import io.emrdag.resolve.MergedProject;
import io.emrdag.resolve.ProjectResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The validate stage for a whole project: binds a {@link MergedProject} into a {@link Project} and checks what
 * spans files: the settings' sections, profile names, job-group ids (file names, unique across sub-folders) and
 * each job group's profile reference. One job group is bound by {@link JobGroupBinder}.
 *
 * <p>Thread-safe: job-group files are loaded, merged and bound on all cores in one pass, each into diagnostics of its
 * own, merged in file order, so the result never depends on which thread finished first.
 */
public final class ProjectBinder {

    /**
     * A bound project and which job-group files had findings (warnings) of their own: an incremental run must
     * bind those again next time, or their warnings would be shown once and then never again.
     *
     * @param project   null when there were errors
     * @param summaries every job group's summary, bound or known, in file order
     * @param written   for each job-group file bound, where it writes the keys the fleet-wide checks point at
     *                  ({@link SourceLocator#NOTED}): source → key → location of the value, as written in the file
     */
    public record Binding(Project project, Set<String> sourcesWithFindings, List<GroupSummary> summaries,
            Map<String, Map<String, Location>> written) {
    }

    /** Binds {@code merged}; every problem goes to {@code diagnostics}. */
    public Binding bind(MergedProject merged, Diagnostics diagnostics) {
        return bind(merged, diagnostics, Map.of());
    }

    /**
     * Binds {@code merged}, except the job-group files of {@code known} (source → summary): their result is known from
     * an earlier run, so they are neither loaded nor bound, and count only in the checks that span job groups
     * (ids, dependencies, the implicit default profile). The project then holds only the job groups bound here.
     */
    public Binding bind(MergedProject merged, Diagnostics diagnostics, Map<String, GroupSummary> known) {
        Fields settingsFields = merged.settings() == null ? null : new Fields(merged.settings(), "", diagnostics);
        if (settingsFields != null && merged.writtenSettings() != null) {
            // A key only the chosen environment's overlay brings is checked there, with the environment's path and keys.
            merged.settings().members().keySet().stream().filter(key -> !merged.writtenSettings().has(key)).forEach(settingsFields::raw);
        }
        ProjectSettings settings = EnvironmentsBinder.bind(merged.writtenSettings(), settingsFields,
                new SettingsBinder().bind(settingsFields), merged.environment(), merged.label() + "/" + ProjectResolver.SETTINGS_FILE,
                diagnostics);
        Set<String> profileNames = checkSections(settingsFields, diagnostics);
        Scripts.Base scriptsBase = new Scripts.Base(settings.scriptsBase(),
                settings.scriptsBase() == null && settingsFields != null && settingsFields.has("scripts_base"));
        InstanceTypes instanceTypes = InstanceTypes.with(settings.capacity().instanceVcpus());
        ClusterBinder clusterBinder = new ClusterBinder(scriptsBase, instanceTypes);
        Map<String, Cluster> profiles = new TreeMap<>();
        for (String name : profileNames) {
            if (merged.profiles().get(name) instanceof MapNode map) {
                for (String key : List.of(ClusterModeBinder.MODE, ClusterModeBinder.CLUSTER_ID)) {
                    if (map.members().get(key) != null) {
                        diagnostics.error("E262", map.members().get(key).keyLocation(), "clusters." + name + "." + key, "a profile"
                                + " describes a cluster to create; how a job group gets its cluster is the job group's choice",
                                "set cluster." + key + " in the job groups (or in emrdag.yaml 'defaults.cluster')");
                    }
                }
                Cluster cluster = clusterBinder.bind(new Fields(map, "clusters." + name, diagnostics), name, false);
                if (cluster != null) {
                    profiles.put(name, cluster);
                }
            }
        }

        List<GroupFile> named = new ArrayList<>();
        Map<String, String> seenIds = new HashMap<>();
        for (GroupFile file : merged.files()) {
            if (checkId(file, seenIds, diagnostics)) {
                named.add(file);
            }
        }
        JobGroupBinder binder = new JobGroupBinder(settings, scriptsBase, instanceTypes);
        List<Bound> bound = eachOnAllCores(named, f -> known.containsKey(f.source()) ? Bound.known(known.get(f.source()))
                : bindGroup(merged.merge(f), profileNames, binder));
        Map<String, Map<String, Location>> upstreamsAt = new HashMap<>();
        Map<String, Map<String, Location>> written = new HashMap<>();
        List<JobGroup> jobGroups = new ArrayList<>();
        List<GroupSummary> summaries = new ArrayList<>();
        List<GroupSummary> knownSummaries = new ArrayList<>();
        Set<String> withFindings = new TreeSet<>();
        boolean implicitDefault = false;
        for (Bound result : bound) {
            List<Diagnostic> found = result.diagnostics().sorted();
            found.forEach(diagnostics::add);
            if (!found.isEmpty()) {
                withFindings.add(result.source());
            }
            implicitDefault |= result.withoutProfile();
            if (result.written() != null) {
                written.put(result.source(), result.written());
            }
            if (result.group() != null) {
                jobGroups.add(result.group());
                upstreamsAt.put(result.group().id(), result.upstreamsAt());
            }
            if (result.summary() != null) {
                summaries.add(result.summary());
                if (result.group() == null) {
                    knownSummaries.add(result.summary());
                }
            }
        }
        // A job group whose file failed to load or bind is reported there; a group waiting for it is not reported again.
        Set<String> failed = new TreeSet<>();
        for (int i = 0; i < named.size(); i++) {
            if (bound.get(i).summary() == null) {
                failed.add(named.get(i).id());
            }
        }
        Map<String, List<String>> downstreams = DependencyChecks.check(jobGroups, knownSummaries, upstreamsAt, failed, merged.environment(),
                diagnostics);
        if (implicitDefault && !profiles.containsKey(ProjectResolver.DEFAULT_PROFILE)) {
            MapNode base = merged.defaultCluster() instanceof MapNode m ? m : MapNode.empty(Location.ofFile(merged.label()));
            Cluster implicit = clusterBinder.bind(new Fields(base, "defaults.cluster", diagnostics), ProjectResolver.DEFAULT_PROFILE, false);
            if (implicit != null) {
                profiles.put(ProjectResolver.DEFAULT_PROFILE, implicit);
            }
        }
        if (summaries.isEmpty() && !diagnostics.hasErrors()) {
            diagnostics.error("E150", Location.ofFile(merged.label()), "", "no job-group files (*.yaml, *.yml, *.json) in the project folder",
                    "add one file per job group, e.g. " + merged.label() + "/orders_cdc.yaml");
        }
        if (diagnostics.hasErrors()) {
            return new Binding(null, withFindings, summaries, written);
        }
        return new Binding(new Project(settings, profiles, jobGroups, downstreams), withFindings, summaries, written);
    }

    /**
     * One job-group file bound (the group; null when the file did not load or its result is known), its summary (null
     * when it did not bind), what was found, and whether it uses the {@code default} profile without one being declared
     * (then the project needs the implicit one), where its {@code depends_on} names each upstream group, and where its
     * file writes the keys the fleet-wide checks point at (null when it was not loaded).
     */
    private record Bound(String source, JobGroup group, GroupSummary summary, Diagnostics diagnostics, boolean withoutProfile,
            Map<String, Location> upstreamsAt, Map<String, Location> written) {

        /** A job group whose result is known without binding it. */
        static Bound known(GroupSummary summary) {
            return new Bound(summary.source(), null, summary, new Diagnostics(),
                    ProjectResolver.DEFAULT_PROFILE.equals(summary.profile()), Map.of(), null);
        }
    }

    /**
     * {@code work} applied to each of {@code items}, in their order, by this thread and the common pool's workers, each
     * taking the next item as it becomes free. A parallel stream splits the list into fixed halves up front: a core that
     * met the slower files (or was preempted) finished up to a tenth of the whole later than the other, which idled.
     * The first exception is thrown once every thread has stopped (an error at once).
     */
    static <T, R> List<R> eachOnAllCores(List<T> items, Function<T, R> work) {
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < results.length && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    results[i] = work.apply(items.get(i));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        int helpers = Math.min(ForkJoinPool.getCommonPoolParallelism(), items.size() - 1);
        List<ForkJoinTask<?>> started = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            started.add(ForkJoinPool.commonPool().submit(worker));
        }
        worker.run();
        started.forEach(ForkJoinTask::join);
        if (failure.get() != null) {
            throw failure.get();
        }
        List<R> out = new ArrayList<>(results.length);
        for (Object result : results) {
            @SuppressWarnings("unchecked")
            R r = (R) result;
            out.add(r);
        }
        return out;
    }

    private static Bound bindGroup(MergedGroup merged, Set<String> profileNames, JobGroupBinder binder) {
        Diagnostics diagnostics = new Diagnostics();
        String source = merged.file().source();
        merged.loading().forEach(diagnostics::add);
        if (merged.tree() == null) {
            return new Bound(source, null, null, diagnostics, false, Map.of(), null);
        }
        boolean known = checkProfileReference(merged, profileNames, diagnostics);
        String profile = merged.profile() == null || !known ? null : merged.profile();
        JobGroup group = binder.bind(merged.file().id(), source, new Fields(merged.tree(), "", diagnostics),
                profile == null ? ProjectResolver.DEFAULT_PROFILE : profile, known);
        boolean withoutProfile = profile == null && (group == null || group.emr().clusterMode().createsCluster());
        return new Bound(source, group, group == null ? null : group.summary(), diagnostics, withoutProfile,
                DependencyChecks.locations(merged.tree()), SourceLocator.noted(merged.written()));
    }

    /**
     * Checks the sections of {@code emrdag.yaml} that resolve merged from (it skips what is not a mapping); returns
     * the names of the profiles that can be used.
     */
    private static Set<String> checkSections(Fields settings, Diagnostics diagnostics) {
        Set<String> names = new TreeSet<>();
        if (settings == null) {
            return names;
        }
        if (section(settings, "defaults") instanceof MapNode defaults) {
            Node cluster = defaults.get("cluster");
            if (cluster != null && !(cluster instanceof MapNode) && !(cluster instanceof ScalarNode s && s.isNull())) {
                diagnostics.error("E101", cluster.location(), "defaults.cluster", "expected a mapping, got " + cluster.describe(), null);
            }
        }
        if (section(settings, "clusters") instanceof MapNode clusters) {
            for (MapNode.Member member : clusters.members().values()) {
                if (!Shapes.PYTHON_PACKAGE.matcher(member.key()).matches()) {
                    diagnostics.error("E151", member.keyLocation(), "clusters." + member.key(),
                            "profile names use lower-case letters, digits and '_'", null);
                } else if (!(member.value() instanceof MapNode)) {
                    diagnostics.error("E101", member.value().location(), "clusters." + member.key(),
                            "expected a mapping, got " + member.value().describe(), null);
                } else {
                    names.add(member.key());
                }
            }
        }
        return names;
    }

    private static Node section(Fields settings, String key) {
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

    /** Whether the job group's profile reference (if any) names a usable profile; reports it when not. */
    private static boolean checkProfileReference(MergedGroup merged, Set<String> profileNames, Diagnostics diagnostics) {
        Node chosen = merged.profileReference();
        if (chosen == null) {
            return true;
        }
        String path = "cluster.profile";
        if (!(chosen instanceof ScalarNode scalar) || scalar.kind() != ScalarNode.Kind.STRING) {
            diagnostics.error("E101", chosen.location(), path, "expected a profile name, got " + chosen.describe(), null);
            return false;
        }
        if (!profileNames.contains(scalar.text())) {
            String hint = DidYouMean.suggest(scalar.text(), profileNames).map(s -> "did you mean '" + s + "'?")
                    .orElse(profileNames.isEmpty() ? "declare it under 'clusters:' in emrdag.yaml"
                            : "profiles in emrdag.yaml: " + String.join(", ", profileNames));
            diagnostics.error("E152", chosen.location(), path, "unknown cluster profile '" + Diagnostic.excerpt(scalar.text()) + "'", hint);
            return false;
        }
        return true;
    }

    private static boolean checkId(GroupFile group, Map<String, String> seen, Diagnostics diagnostics) {
        String id = group.id();
        Location where = Location.ofFile(group.source());
        if (!Shapes.JOB_GROUP_ID.matcher(id).matches() || Shapes.PYTHON_KEYWORDS.contains(id)) {
            diagnostics.error("E160", where, "", "job-group id '" + id + "' (the file name) is not a valid Python module name",
                    "rename the file to letters, digits and '_', not starting with a digit and not a Python keyword, e.g. "
                            + suggestedId(id) + ".yaml");
            return false;
        }
        String first = seen.putIfAbsent(id, group.source());
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
}
