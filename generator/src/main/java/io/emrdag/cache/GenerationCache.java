package io.emrdag.cache;

import io.emrdag.hash.Sha256;
import io.emrdag.model.GroupSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes {@code generate} incremental: one changed job group among 10,000 is loaded, bound and rendered alone.
 *
 * <p>After a generate, the cache records for each job group that had no findings: its metadata file's SHA-256
 * and file-system identity (size, modification time, inode), its profile, and its DAG file's path, SHA-256 and
 * identity. The next run takes a job group over unchanged ({@link #lookUp}) only when its metadata hashes the same
 * (a file whose identity is as recorded is not read again) and its DAG file still has its identity; a file
 * modified too soon before it was recorded to trust its timestamp (the "racily clean" case git knows) is read
 * and hashed instead. Everything else that shapes the
 * output is in the cache key: emrdag's version and code, a template folder given instead of the shipped one,
 * {@code emrdag.yaml}'s bytes, the project's name and the output folder. Another key means an empty cache.
 *
 * <p>The cache lives in {@code <project>/.emrdag-cache/} (a hidden folder, which the loader skips), with a
 * {@code .gitignore} of its own so that it is never committed. It is only an optimisation: a cache that cannot
 * be read or written is ignored, and the output is byte-identical with or without it.
 */
public final class GenerationCache {

    /** The folder, in the project folder. */
    public static final String FOLDER = ".emrdag-cache";
    private static final String FORMAT = "emrdag generation cache 4";
    /** The cache file's extension; the JSON caches of earlier versions ({@code .json}) are deleted when it is saved. */
    private static final String EXTENSION = ".bin";
    /** Timestamps closer than this to the moment they were recorded cannot prove a file unchanged. */
    private static final long RACY_NANOS = 2_000_000_000L;

    /** A file's identity on disk: what changes when it is written or replaced. */
    record Identity(long size, long modifiedNanos, String fileKey) {

        static Identity of(BasicFileAttributes attributes) {
            return new Identity(attributes.size(), nanos(attributes.lastModifiedTime().toInstant()), String.valueOf(attributes.fileKey()));
        }
    }

    /**
     * What was recorded of one job group: its metadata file and its DAG file, each with hash and identity, and the job
     * groups it depended on and that depended on it (its DAG file names both), comma-separated.
     */
    record Entry(String sourceSha256, Identity source, String profile, String output, String outputSha256, Identity dag,
            String upstreams, String downstreams) {
    }

    private final Path file;
    private final String key;
    private final Path root;
    private final long savedAt;
    private final Map<String, Entry> entries;
    private final ConcurrentMap<String, String> sourceHashes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Identity> sourceIdentities = new ConcurrentHashMap<>();
    /** The DAG files {@link #lookUp} found as recorded, by metadata file: their identity need not be read again to save. */
    private final ConcurrentMap<String, Identity> verifiedDags = new ConcurrentHashMap<>();
    /** Whether every job group so far was taken over on trusted identities alone (then there is nothing to save). */
    private final AtomicBoolean allTrusted = new AtomicBoolean(true);

    private GenerationCache(Path file, String key, Path root, long savedAt, Map<String, Entry> entries) {
        this.file = file;
        this.key = key;
        this.root = root;
        this.savedAt = savedAt;
        this.entries = entries;
    }

    /**
     * The cache of generating {@code projectDir} into {@code output}; empty when there is none yet, it was
     * written for another key, or it cannot be read.
     */
    public static GenerationCache open(Path projectDir, Path output, Path templateDir, String version, String label) {
        return open(projectDir, output, null, templateDir, version, label);
    }

    /** As {@link #open(Path, Path, Path, String, String)} for one environment: each has a cache of its own. */
    public static GenerationCache open(Path projectDir, Path output, String environment, Path templateDir, String version,
            String label) {
        String code = CodeFingerprint.of(templateDir);
        Path absoluteOutput = (environment == null ? output : output.resolve(environment)).toAbsolutePath().normalize();
        Path file = projectDir.resolve(FOLDER).resolve("generate-" + Sha256.of(
                absoluteOutput.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16) + EXTENSION);
        if (code == null) {
            return new GenerationCache(null, null, null, 0, Map.of());
        }
        String settings;
        try {
            Path settingsFile = projectDir.resolve("emrdag.yaml");
            settings = Files.isRegularFile(settingsFile) ? Sha256.of(Files.readAllBytes(settingsFile)) : "none";
        } catch (IOException e) {
            return new GenerationCache(null, null, null, 0, Map.of());
        }
        String key = Sha256.of(String.join("\n", FORMAT, version, code, settings, label, absoluteOutput.toString())
                .getBytes(StandardCharsets.UTF_8));
        return read(file, key);
    }

    private static GenerationCache read(Path file, String key) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                CacheFile.Contents contents = CacheFile.read(Files.readAllBytes(file));
                if (key.equals(contents.key())) {
                    return new GenerationCache(file, key, Path.of(contents.root()), contents.savedAt(), contents.entries());
                }
            } catch (IOException | RuntimeException e) {
                // a damaged or foreign cache: as if there were none
            }
        }
        return new GenerationCache(file, key, null, 0, Map.of());
    }

    /** The SHA-256 of a metadata file, read once per run however often it is asked for. */
    String sourceHash(String source, Path file) {
        return sourceHashes.computeIfAbsent(source, s -> {
            try {
                return Sha256.of(Files.readAllBytes(file));
            } catch (IOException e) {
                return "unreadable";
            }
        });
    }

    /**
     * The job group of a metadata file as the last run left it, when its metadata and its DAG file are unchanged since.
     * Called on several threads at once.
     *
     * <p>A metadata file whose identity is as recorded (and not racily so) is known by its recorded hash without
     * being read: an unchanged run of 10,000 job groups then reads no metadata file at all.
     */
    public Optional<ReusedGroup> lookUp(String source, Path sourceFile, BasicFileAttributes attributes, String id) {
        Identity sourceIdentity = attributes.isRegularFile() ? Identity.of(attributes) : null;
        if (sourceIdentity != null) {
            sourceIdentities.put(source, sourceIdentity);
        }
        Entry entry = entries.get(source);
        if (entry == null) {
            allTrusted.set(false);
            return Optional.empty();
        }
        if (sourceIdentity != null && sourceIdentity.equals(entry.source()) && trusted(sourceIdentity)) {
            sourceHashes.putIfAbsent(source, entry.sourceSha256());
        } else {
            allTrusted.set(false);
            if (!entry.sourceSha256().equals(sourceHash(source, sourceFile))) {
                return Optional.empty();
            }
        }
        Path output = root.resolve(entry.output());
        try {
            BasicFileAttributes now = Files.readAttributes(output, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Identity dag = Identity.of(now);
            if (!now.isRegularFile() || !dag.equals(entry.dag())) {
                allTrusted.set(false);
                return Optional.empty();
            }
            if (!trusted(dag)) {
                allTrusted.set(false);
                if (!Sha256.of(Files.readAllBytes(output)).equals(entry.outputSha256())) {
                    return Optional.empty();
                }
            }
            verifiedDags.put(source, dag);
        } catch (IOException e) {
            allTrusted.set(false);
            return Optional.empty();
        }
        return Optional.of(new ReusedGroup(id, source, entry.profile(), entry.output(), entry.outputSha256(), ids(entry.upstreams()),
                ids(entry.downstreams())));
    }

    private static List<String> ids(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /**
     * Whether a file's identity proves it unchanged: not when it was modified so shortly before the cache was
     * saved that a later write within the same timestamp tick would leave the identity as it is.
     */
    private boolean trusted(Identity identity) {
        return identity.modifiedNanos() <= savedAt - RACY_NANOS;
    }

    /** The metadata files' hashes this run knows so far (shown name → SHA-256), read or recorded. */
    public Map<String, String> knownHashes() {
        return Map.copyOf(sourceHashes);
    }

    /**
     * Records what this run generated into {@code root}, so that the next one binds and renders only what changed:
     * every job group's DAG file ({@code fileHashes}: path → SHA-256) except those of {@code sourcesWithFindings}.
     *
     * @param summaries    every job group of the run, bound or taken over
     * @param downstreams  for each job group others depend on, their ids
     * @param dagFiles     each job group's DAG file: metadata file's shown name → path relative to {@code root}
     * @param sourceHashes every metadata file's SHA-256, as the manifest records it
     */
    public void remember(Path root, List<GroupSummary> summaries, Map<String, List<String>> downstreams, Map<String, String> dagFiles,
            Map<String, String> fileHashes, Map<String, String> sourceHashes, Set<String> sourcesWithFindings) {
        sourceHashes.forEach(this.sourceHashes::putIfAbsent);
        List<Record> records = summaries.stream().filter(s -> dagFiles.containsKey(s.source()) && !sourcesWithFindings.contains(s.source()))
                .map(s -> new Record(s.source(), s.profile(), dagFiles.get(s.source()), fileHashes.get(dagFiles.get(s.source())),
                        String.join(",", s.upstreams()), String.join(",", downstreams.getOrDefault(s.id(), List.of()))))
                .toList();
        save(root, records);
    }

    /** One job group to record: bound and rendered (or reused) in this run, without findings. */
    record Record(String source, String profile, String output, String outputSha256, String upstreams, String downstreams) {
    }

    /**
     * Records {@code groups} as written into {@code root} by this run, replacing the cache. Best effort: a
     * project folder that cannot be written to only costs the next run its speed. When every job group was taken
     * over on trusted identities and no other is to be recorded, the cache would come out the same: not rewritten.
     */
    void save(Path root, Collection<Record> groups) {
        if (file == null || allTrusted.get() && groups.size() == entries.size()
                && groups.stream().allMatch(g -> entries.containsKey(g.source()))) {
            return;
        }
        // In the order given (the files' order, the same from run to run): sorting 10,000 paths again would only cost.
        Map<String, Entry> next = new LinkedHashMap<>();
        long savedNow = nanos(Instant.now());
        try {
            for (Record group : groups) {
                String sourceHash = sourceHashes.get(group.source());
                Identity source = sourceIdentities.get(group.source());
                if (sourceHash == null || source == null) {
                    continue;
                }
                Identity dag = unchangedDag(group);
                if (dag == null) {
                    Path output = root.resolve(group.output());
                    if (!Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    dag = Identity.of(Files.readAttributes(output, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                }
                next.put(group.source(), new Entry(sourceHash, source, group.profile(), group.output(), group.outputSha256(), dag,
                        group.upstreams(), group.downstreams()));
            }
            Files.createDirectories(file.getParent());
            Path ignore = file.getParent().resolve(".gitignore");
            if (!Files.exists(ignore, LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(ignore, "# emrdag's generation cache: never commit it\n*\n");
            }
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, CacheFile.write(new CacheFile.Contents(key, root.toAbsolutePath().normalize().toString(), savedNow, next)));
            Files.deleteIfExists(file.resolveSibling(file.getFileName().toString().replace(EXTENSION, ".json")));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // best effort (see above): the next run binds every job group again
        }
    }

    /**
     * The identity of a job group's DAG file when this run found it as recorded and leaves it so: its content is what
     * was recorded ({@link #lookUp} proved it) and this run's content is the same, so it was not written. Otherwise
     * null: the file is looked at again. Saves a file-system call per job group when one of 10,000 changed.
     */
    private Identity unchangedDag(Record group) {
        Identity verified = verifiedDags.get(group.source());
        Entry entry = entries.get(group.source());
        return verified != null && entry != null && entry.output().equals(group.output())
                && entry.outputSha256().equals(group.outputSha256()) ? verified : null;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
