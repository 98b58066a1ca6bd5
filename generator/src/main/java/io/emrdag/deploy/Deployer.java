package io.emrdag.deploy;

import io.emrdag.deploy.DeployPlan.Action;
import io.emrdag.deploy.DeployPlan.Change;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Carries a deploy out against one {@link ObjectStore}: plan, lock, then writes in an order that keeps every
 * DAG file in the folder importable at every instant, with the manifest updated so that a deploy killed at
 * any point converges when run again.
 *
 * <p>The sequence: (1) list the folder and read the manifest, plan, print the plan; stop there for a dry run or
 * when nothing changed. (2) Take the lock, read and plan again under it. (3) Claim new files in the manifest.
 * (4) Upload shared modules, then DAG files, each phase in parallel and finished before the next begins; every
 * upload is conditional on what was planned against. (5) Record the uploads in the manifest, still owning the
 * files to delete. (6) Delete DAG files, then modules. (7) Write the final manifest, release the lock.
 */
public final class Deployer {

    static final String BOOKKEEPING = ".emrdag/";

    private final ObjectStore store;
    private final Options options;
    private final Progress progress;
    private final DeployTiming timing;

    /**
     * @param deployment the manifest's name: one per project sharing a folder (the package name, or "default")
     * @param owner      who deploys, for the lock ({@code user@host})
     * @param parallelism uploads in flight at once
     * @param environment the environment deployed (recorded in the manifest), or {@code null}
     */
    public record Options(String deployment, String tool, String owner, boolean dryRun, boolean adopt, Duration lockTtl,
            int parallelism, String environment) {

        /** Options of a deploy of a project without environments. */
        public Options(String deployment, String tool, String owner, boolean dryRun, boolean adopt, Duration lockTtl,
                int parallelism) {
            this(deployment, tool, owner, dryRun, adopt, lockTtl, parallelism, null);
        }
    }

    public Deployer(ObjectStore store, Options options, Progress progress) {
        this(store, options, progress, DeployTiming.off());
    }

    Deployer(ObjectStore store, Options options, Progress progress, DeployTiming timing) {
        this.store = store;
        this.options = options;
        this.progress = progress;
        this.timing = timing;
    }

    static String manifestKey(String deployment) {
        return BOOKKEEPING + deployment + ".deploy.json";
    }

    public DeployResult deploy(List<DeployFile> files) {
        long started = System.nanoTime();
        String deployId = UUID.randomUUID().toString().substring(0, 8);
        Snapshot before = snapshot(files, deployId);
        before.plan().table(store.describe()).forEach(progress::report);
        timing.mark("print plan");
        if (!before.plan().conflicts().isEmpty()) {
            throw conflicts(before.plan());
        }
        if (options.dryRun() || before.plan().upToDate()) {
            return result(before.plan(), 0, 0, started);
        }
        Snapshot locked;
        int[] written;
        try (DeployLock lock = DeployLock.acquire(store, deployId, options.owner(), options.lockTtl(), progress)) {
            timing.mark("lock");
            locked = snapshot(files, deployId);
            if (!locked.plan().changes().equals(before.plan().changes()) || locked.plan().foreign() != before.plan().foreign()) {
                progress.report("the target changed while planning; the plan under the lock:");
                locked.plan().table(store.describe()).forEach(progress::report);
            }
            if (!locked.plan().conflicts().isEmpty()) {
                throw conflicts(locked.plan());
            }
            written = execute(locked, lock);
        }
        timing.mark("release");
        return result(locked.plan(), written[0], written[1], started);
    }

    /** The folder's state and the plan against it. */
    private record Snapshot(DeployPlan plan, DeployManifest previous, String manifestEtag) {
    }

    /**
     * Lists the folder and reads the manifest at the same time (two independent reads: a listing of a large
     * folder takes several round trips and the server's time), then plans. A failed listing is reported before
     * a failed manifest read, as when they ran one after the other.
     */
    private Snapshot snapshot(List<DeployFile> files, String deployId) {
        String key = manifestKey(options.deployment());
        FutureTask<Manifest> reading = new FutureTask<>(() -> {
            Optional<ObjectStore.Fetched> stored = store.get(key);
            return new Manifest(stored.map(f -> DeployManifest.parse(f.content(), store.describe() + key))
                    .orElse(DeployManifest.empty(options.deployment())), stored.map(ObjectStore.Fetched::etag).orElse(null));
        });
        Thread reader = new Thread(reading, "emrdag-manifest-read");
        reader.setDaemon(true);
        reader.start();
        Map<String, ObjectStore.RemoteObject> remote;
        try {
            remote = new TreeMap<>(store.list());
        } catch (RuntimeException e) {
            try {
                await(reading);
            } catch (RuntimeException alsoFailed) {
                // the listing's failure is the one reported, as when the two ran one after the other
            }
            throw e;
        }
        remote.keySet().removeIf(path -> path.startsWith(BOOKKEEPING));
        timing.mark("list");
        Manifest manifest = await(reading);
        timing.mark("manifest read");
        refuseAnotherEnvironment(manifest.previous());
        DeployPlan plan = new DeployPlanner(options.deployment(), options.tool()).plan(files, remote, manifest.previous(), options.adopt(), deployId);
        timing.mark("plan");
        return new Snapshot(plan, manifest.previous(), manifest.etag());
    }

    private record Manifest(DeployManifest previous, String etag) {
    }

    /**
     * One DAG folder holds one environment's deployment: a target whose manifest records another environment (or none,
     * for a project deployed without environments) is refused before any write, unless told to adopt its files.
     */
    private void refuseAnotherEnvironment(DeployManifest previous) {
        boolean deployed = !previous.files().isEmpty() || !previous.pending().isEmpty();
        if (deployed && !options.adopt() && !Objects.equals(previous.environment(), options.environment())) {
            throw new DeployConflictException(store.describe() + " holds the deployment '" + options.deployment() + "' "
                    + describe(previous.environment()) + " (" + manifestKey(options.deployment()) + "), not "
                    + describe(options.environment()) + ": one DAG folder never holds two environments' files"
                    + System.lineSeparator() + "  hint: check deploy_to of the environments in emrdag.yaml; to take the folder"
                    + " over on purpose (e.g. when a project gains environments), deploy once with --adopt");
        }
    }

    private static String describe(String environment) {
        return environment == null ? "of a project without environments" : "of environment '" + environment + "'";
    }

    /** Carries the plan out under the lock; returns {uploaded, deleted}. */
    private int[] execute(Snapshot snapshot, DeployLock lock) {
        DeployPlan plan = snapshot.plan();
        String manifestKey = manifestKey(options.deployment());
        String manifestEtag = snapshot.manifestEtag();
        DeployManifest previous = snapshot.previous();

        Map<String, DeployFile.FileKind> claims = new TreeMap<>(previous.pending());
        plan.changes().stream().filter(c -> c.action() == Action.ADD || c.action() == Action.ADOPT || c.action() == Action.CHANGE)
                .filter(c -> !previous.files().containsKey(c.path()))
                .forEach(c -> claims.put(c.path(), c.kind()));
        if (!claims.equals(previous.pending())) {
            manifestEtag = writeManifest(lock, manifestKey, new DeployManifest(DeployManifest.FORMAT, options.deployment(), options.tool(),
                    lock.deployId(), previous.files(), claims, options.environment()), manifestEtag);
        }
        timing.mark("claims");

        Map<String, String> etags = new ConcurrentHashMap<>();
        List<Change> steps = plan.steps();
        int deleted = run(inPhase(steps, -1), lock, change -> store.delete(change.path(), change.remoteEtag()),
                "DAG files withdrawn before their modules change", "deleted");
        int uploaded = 0;
        for (int phase = 0; phase <= 1; phase++) {
            uploaded += run(inPhase(steps, phase), lock, change -> {
                etags.put(change.path(), store.put(change.path(), change.file().content(), "text/x-python",
                        ObjectStore.Condition.unchangedSince(change.remoteEtag())));
            }, phase == 0 ? "shared modules" : "DAG files", "uploaded");
            timing.mark(phase == 0 ? "modules" : "DAG files");
        }

        Map<String, DeployManifest.Entry> files = new TreeMap<>();
        plan.manifest().files().forEach((path, entry) -> files.put(path, entry.withEtag(etags.getOrDefault(path, entry.etag()))));
        List<Change> deletions = steps.stream().filter(c -> c.action() == Action.DELETE && !c.withdrawFirst()).toList();
        Map<String, DeployManifest.Entry> stillOwned = new TreeMap<>(files);
        for (Change deletion : deletions) {
            DeployManifest.Entry old = previous.files().get(deletion.path());
            stillOwned.put(deletion.path(), old != null ? old.withEtag(deletion.remoteEtag())
                    : new DeployManifest.Entry(null, deletion.remoteEtag(), deletion.kind(), null, null));
        }
        manifestEtag = writeManifest(lock, manifestKey, new DeployManifest(DeployManifest.FORMAT, options.deployment(), options.tool(),
                lock.deployId(), stillOwned, Map.of(), options.environment()), manifestEtag);
        timing.mark("manifest write");

        for (int phase = 2; phase <= 3; phase++) {
            deleted += run(inPhase(steps, phase), lock, change -> store.delete(change.path(), change.remoteEtag()),
                    phase == 2 ? "DAG files" : "shared modules", "deleted");
        }
        if (!stillOwned.equals(files)) {
            writeManifest(lock, manifestKey, new DeployManifest(DeployManifest.FORMAT, options.deployment(), options.tool(),
                    lock.deployId(), files, Map.of(), options.environment()), manifestEtag);
        }
        timing.mark("deletes");
        return new int[] {uploaded, deleted};
    }

    private static List<Change> inPhase(List<Change> steps, int phase) {
        return steps.stream().filter(c -> DeployPlan.phase(c) == phase).toList();
    }

    private String writeManifest(DeployLock lock, String key, DeployManifest manifest, String etag) {
        lock.ensureHeld();
        try {
            return store.put(key, manifest.toJson(), "application/json", ObjectStore.Condition.unchangedSince(etag));
        } catch (PreconditionFailedException e) {
            throw new DeployConflictException("the deploy manifest " + store.describe() + key
                    + " was changed by someone else during this deploy" + System.lineSeparator()
                    + "  hint: another deploy ran without the lock; run this deploy again: it converges");
        }
    }

    /** Runs one phase's changes in parallel; all of them finish (or the first failure is thrown) before it returns. */
    private int run(List<Change> changes, DeployLock lock, Consumer<Change> action, String what, String verb) {
        if (changes.isEmpty()) {
            return 0;
        }
        AtomicInteger done = new AtomicInteger();
        ProgressTicker ticker = new ProgressTicker(progress, verb + " %d/" + changes.size() + " " + what);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), changes.size()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Change change : changes) {
                futures.add(pool.submit(() -> {
                    lock.ensureHeld();
                    try {
                        action.accept(change);
                    } catch (PreconditionFailedException e) {
                        throw new DeployConflictException(store.describe() + change.path()
                                + (change.remoteEtag() == null ? " was created" : " was changed or deleted")
                                + " by someone else during this deploy; it was not overwritten" + System.lineSeparator()
                                + "  hint: find out who writes there; run the deploy again to re-plan");
                    }
                    ticker.tick(done.incrementAndGet());
                }));
            }
            for (Future<?> future : futures) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
        }
        ticker.finish(done.get());
        return done.get();
    }

    /**
     * The result of work done on another thread, its failure rethrown as it was thrown (the first of a phase's
     * uploads, the manifest read), an interruption as the advice to run the deploy again.
     */
    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("deploy interrupted; run it again: it converges", e);
        }
    }

    private DeployResult result(DeployPlan plan, int uploaded, int deleted, long started) {
        Map<String, Integer> requests = new LinkedHashMap<>(store.requestCounts());
        return new DeployResult(store.describe(), plan, options.dryRun(), new DeployResult.Traffic(uploaded, deleted, requests),
                new DeployResult.Timing(Duration.ofNanos(System.nanoTime() - started), store.now()), null);
    }

    private static DeployConflictException conflicts(DeployPlan plan) {
        return new DeployConflictException(plan.conflicts().size() + (plan.conflicts().size() == 1 ? " file" : " files")
                + " in the way: " + String.join(", ", plan.conflicts())
                + (plan.conflicts().size() == 1 ? " exists" : " exist") + " in the target and " + (plan.conflicts().size() == 1 ? "is" : "are") + " not emrdag's;"
                + " nothing was written" + System.lineSeparator()
                + "  hint: if they are an earlier hand deploy of these DAGs, deploy once with --adopt to take them over;"
                + " otherwise rename the job groups or use the package layout");
    }
}
