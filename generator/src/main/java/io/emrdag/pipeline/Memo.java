package io.emrdag.pipeline;

import io.emrdag.cache.GenerationCache;
import io.emrdag.cache.ReusedGroup;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.model.GroupSummary;
import io.emrdag.model.Project;
import io.emrdag.render.GeneratedFile;
import io.emrdag.resolve.GroupFile;
import io.emrdag.resolve.MergedProject;
import io.emrdag.validate.ProjectBinder;
import io.emrdag.write.Manifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The generation cache as a memo around the per-job-group work: a job group whose metadata bytes, settings and
 * downstream job groups are as when its DAG file was written is neither loaded, bound nor rendered again; its summary
 * and its file are taken from the cache. The stages it wraps (resolve, bind, render, write) know nothing of it: the
 * binder is handed the summaries of the job groups not to bind, the writer the files already in place.
 */
final class Memo {

    /** No memo: every job group is bound and rendered. */
    static final Memo NONE = new Memo(null);

    private final GenerationCache cache;

    Memo(GenerationCache cache) {
        this.cache = cache;
    }

    /**
     * The binding and the job groups taken over from the cache.
     *
     * @param taken by source: the job groups not bound but known from the cache, whose files are in place
     */
    record Bound(ProjectBinder.Binding binding, Map<String, ReusedGroup> taken) {
    }

    /**
     * Binds {@code merged}, taking over from the cache what it offers. A job group taken over is bound after all when the
     * job groups depending on it changed (its DAG file names them) or one it depends on is gone (then binding it reports
     * that where it is written): the whole project is bound again without it, into fresh diagnostics.
     */
    Bound bind(ProjectBinder binder, MergedProject merged, Diagnostics diagnostics) {
        if (cache == null) {
            return new Bound(binder.bind(merged, diagnostics), Map.of());
        }
        Map<String, ReusedGroup> taken = new HashMap<>();
        merged.files().parallelStream().map(this::lookUp).flatMap(Optional::stream).toList()
                .forEach(r -> taken.put(r.source(), r));
        while (true) {
            Diagnostics attempt = new Diagnostics();
            diagnostics.sorted().forEach(attempt::add);
            ProjectBinder.Binding binding = binder.bind(merged, attempt, summaries(taken));
            Set<String> stale = stale(binding.summaries(), taken);
            if (stale.isEmpty()) {
                attempt.sorted().forEach(diagnostics::add);
                return new Bound(binding, Map.copyOf(taken));
            }
            stale.forEach(taken::remove);
        }
    }

    private Optional<ReusedGroup> lookUp(GroupFile file) {
        return cache.lookUp(file.source(), file.file(), file.attributes(), file.id());
    }

    private static Map<String, GroupSummary> summaries(Map<String, ReusedGroup> taken) {
        Map<String, GroupSummary> summaries = new HashMap<>();
        taken.forEach((source, r) -> summaries.put(source, new GroupSummary(r.id(), r.source(), r.profile(), r.upstreams())));
        return summaries;
    }

    /** The sources of the job groups taken over whose DAG files would now come out differently. */
    private static Set<String> stale(List<GroupSummary> summaries, Map<String, ReusedGroup> taken) {
        if (taken.isEmpty()) {
            return Set.of();
        }
        Map<String, List<String>> upstreams = new HashMap<>();
        summaries.forEach(s -> upstreams.put(s.id(), s.upstreams()));
        Map<String, Set<String>> downstreams = new HashMap<>();
        upstreams.forEach((id, ids) -> ids.forEach(u -> downstreams.computeIfAbsent(u, k -> new TreeSet<>()).add(id)));
        return taken.values().stream()
                .filter(r -> !upstreams.keySet().containsAll(r.upstreams()) || !sameIds(downstreams.get(r.id()), r.downstreams()))
                .map(ReusedGroup::source).collect(Collectors.toSet());
    }

    /** Whether {@code now} (null for none) holds the ids {@code recorded} lists, in the same order. */
    private static boolean sameIds(Set<String> now, List<String> recorded) {
        if (now == null || recorded.isEmpty()) {
            return now == null && recorded.isEmpty();
        }
        return now.size() == recorded.size() && List.copyOf(now).equals(recorded);
    }

    /** The DAG files of the job groups taken over, in place in the output folder as they should be: path → SHA-256. */
    static Map<String, String> inPlace(Bound bound) {
        Map<String, String> files = new TreeMap<>();
        bound.taken().values().forEach(r -> files.put(r.output(), r.sha256()));
        return files;
    }

    /** The metadata files' hashes known without reading them again. */
    Map<String, String> knownHashes() {
        return cache == null ? Map.of() : cache.knownHashes();
    }

    /** Records what this run wrote into {@code root}, so that the next run takes it over. */
    void remember(Path root, Project project, Bound bound, List<GeneratedFile> files, Manifest manifest) {
        if (cache == null) {
            return;
        }
        Map<String, String> dagFiles = new HashMap<>();
        files.stream().filter(f -> f.source() != null).forEach(f -> dagFiles.put(f.source(), f.path()));
        bound.taken().values().forEach(r -> dagFiles.put(r.source(), r.output()));
        cache.remember(root, bound.binding().summaries(), project.downstreams(), dagFiles, manifest.files(), manifest.sources(),
                bound.binding().sourcesWithFindings());
    }

}
