package io.emrdag.deploy;

import io.emrdag.deploy.DeployPlan.Action;
import io.emrdag.deploy.DeployPlan.Change;
import io.emrdag.deploy.ObjectStore.RemoteObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the files to deploy with what the target holds and what the deployment's manifest says it owns.
 * Pure: no I/O, so that every rule below is unit-tested.
 *
 * <p>A file counts as unchanged when the target's entity tag is the MD5 of our bytes, or when it is still the
 * entity tag recorded at the last deploy of content with the same SHA-256 (S3 with KMS keys gives entity tags
 * that are not MD5s). An owned file changed in the target behind emrdag's back is overwritten (it is emrdag's
 * output) and the plan says so.
 */
final class DeployPlanner {

    private final String deployment;
    private final String tool;

    DeployPlanner(String deployment, String tool) {
        this.deployment = deployment;
        this.tool = tool;
    }

    /**
     * @param local    the files to deploy
     * @param remote   the target's objects, emrdag's own bookkeeping ({@code .emrdag/}) excluded
     * @param previous the deployment's manifest, or an empty one
     * @param adopt    take ownership of same-named files emrdag does not own instead of stopping
     * @param deployId this deploy's id, written into the manifest
     */
    DeployPlan plan(List<DeployFile> local, Map<String, RemoteObject> remote, DeployManifest previous, boolean adopt,
            String deployId) {
        List<Change> changes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, DeployManifest.Entry> next = new TreeMap<>();
        Set<String> localPaths = new TreeSet<>();
        for (DeployFile file : local) {
            localPaths.add(file.path());
            RemoteObject there = remote.get(file.path());
            DeployManifest.Entry recorded = previous.files().get(file.path());
            if (there == null) {
                changes.add(new Change(file.path(), Action.ADD, file.kind(), null, file,
                        recorded != null ? "was deleted from the target behind emrdag's back" : null, false));
            } else if (!previous.owns(file.path()) && !adopt) {
                conflicts.add(file.path());
            } else if (sameContent(file, there, recorded)) {
                Action action = previous.owns(file.path()) ? Action.UNCHANGED : Action.ADOPT;
                changes.add(new Change(file.path(), action, file.kind(), there.etag(), null, null, false));
                next.put(file.path(), DeployManifest.Entry.of(file, there.etag()));
                continue;
            } else {
                String note = !previous.owns(file.path()) ? "adopted: existed, not emrdag's"
                        : recorded != null && !recorded.etag().equals(there.etag()) ? "changed in the target since the last deploy" : null;
                changes.add(new Change(file.path(), Action.CHANGE, file.kind(), there.etag(), file, note, false));
            }
            next.put(file.path(), DeployManifest.Entry.of(file, null));
        }
        Map<String, DeployFile.FileKind> owned = new HashMap<>(previous.pending());
        previous.files().forEach((path, entry) -> owned.put(path, entry.kind()));
        for (Map.Entry<String, DeployFile.FileKind> entry : new TreeMap<>(owned).entrySet()) {
            String path = entry.getKey();
            if (localPaths.contains(path)) {
                continue;
            }
            RemoteObject there = remote.get(path);
            DeployFile.FileKind kind = entry.getValue() != null ? entry.getValue()
                    : path.endsWith("_dag.py") ? DeployFile.FileKind.DAG : DeployFile.FileKind.MODULE;
            changes.add(there == null
                    ? new Change(path, Action.FORGET, kind, null, null, "already gone from the target", false)
                    : new Change(path, Action.DELETE, kind, there.etag(), null, null, false));
        }
        changes = withdrawBrokenByModuleChanges(changes, local, previous);
        int foreign = (int) remote.keySet().stream().filter(path -> !localPaths.contains(path) && !previous.owns(path)).count();
        DeployManifest manifest = new DeployManifest(DeployManifest.FORMAT, deployment, tool, deployId, next, Map.of());
        boolean manifestChanges = !previous.pending().isEmpty() || !previous.files().equals(manifest.files());
        return new DeployPlan(changes, conflicts, foreign, manifest, manifestChanges);
    }

    /**
     * An old DAG file stays in the folder until its own step replaces or deletes it, so it lives for a moment
     * beside the new shared modules. When a new module would break it (a profile it fills is gone, or asks for a
     * value it does not supply, per the contract recorded at its deploy), it is withdrawn before the modules
     * change and, if it has a new version, put back after them: for that moment the DAG is absent rather than
     * failing to import.
     */
    private static List<Change> withdrawBrokenByModuleChanges(List<Change> changes, List<DeployFile> local, DeployManifest previous) {
        List<DeployFile> changedModules = changes.stream()
                .filter(c -> c.kind() == DeployFile.FileKind.MODULE && c.action().uploads())
                .map(Change::file).toList();
        if (changedModules.isEmpty()) {
            return changes;
        }
        List<Change> result = new ArrayList<>();
        for (Change change : changes) {
            DeployManifest.Entry old = previous.files().get(change.path());
            boolean oldVersionStays = change.kind() == DeployFile.FileKind.DAG && old != null
                    && (change.action() == Action.CHANGE || change.action() == Action.DELETE);
            if (oldVersionStays && changedModules.stream().anyMatch(m -> m.breaks(old.contract()))) {
                String module = changedModules.stream().filter(m -> m.breaks(old.contract())).map(DeployFile::path).findFirst().orElseThrow();
                result.add(new Change(change.path(), change.action(), change.kind(), change.remoteEtag(), change.file(),
                        "withdrawn before " + module + " changes: the deployed version would not import with the new one", true));
            } else {
                result.add(change);
            }
        }
        return result;
    }

    private static boolean sameContent(DeployFile file, RemoteObject there, DeployManifest.Entry recorded) {
        return there.etag().equals(file.md5())
                || recorded != null && there.etag().equals(recorded.etag()) && file.sha256().equals(recorded.sha256());
    }
}
