package io.emrdag.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a deploy will do, decided before any write: one {@link Change} per file, the files in the way, and the
 * manifest that results. Its {@link #steps()} are the changes in the only safe order: shared modules, then
 * DAG files, then deletions of DAG files, then of modules.
 *
 * @param changes   every file the deployment touches or owns, by path
 * @param conflicts files of the same name as one of ours that this deployment does not own
 * @param foreign   how many other files the folder holds (left alone)
 * @param manifest  the manifest after a successful deploy
 * @param manifestChanges whether the stored manifest differs from {@code manifest} (a write is needed even
 *                  when no file changes, e.g. after an interrupted deploy)
 */
public record DeployPlan(List<Change> changes, List<String> conflicts, int foreign, DeployManifest manifest,
        boolean manifestChanges) {

    public DeployPlan {
        changes = List.copyOf(changes);
        conflicts = List.copyOf(conflicts);
    }

    /** What happens to one file. */
    public enum Action {
        ADD("add"), CHANGE("change"), ADOPT("adopt"), DELETE("delete"), FORGET("forget"), UNCHANGED("unchanged");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean uploads() {
            return this == ADD || this == CHANGE;
        }
    }

    /**
     * One file's fate.
     *
     * @param remoteEtag its entity tag in the target when planned (the condition of the write), or {@code null}
     * @param file       the content to upload, or {@code null} for a deletion
     * @param note       why, when not obvious (e.g. "changed in the target since the last deploy")
     * @param withdrawFirst remove the deployed version before the shared modules change (it would not import
     *                   with them); a new version is then uploaded as a new file after the modules
     */
    public record Change(String path, Action action, DeployFile.FileKind kind, String remoteEtag, DeployFile file, String note,
            boolean withdrawFirst) {
    }

    /** True when the target already holds exactly this deployment and its manifest is current: no writes. */
    public boolean upToDate() {
        return !manifestChanges && changes.stream().allMatch(c -> c.action() == Action.UNCHANGED);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /**
     * The writes and deletes, in the order they must happen. A change withdrawn first becomes two steps: a
     * deletion before the modules and, for a new version, an upload of a new file after them.
     */
    public List<Change> steps() {
        List<Change> steps = new ArrayList<>();
        for (Change c : changes) {
            if (c.action() == Action.UNCHANGED || c.action() == Action.ADOPT || c.action() == Action.FORGET) {
                continue;
            }
            if (c.withdrawFirst()) {
                steps.add(new Change(c.path(), Action.DELETE, c.kind(), c.remoteEtag(), null, c.note(), true));
                if (c.action() == Action.CHANGE) {
                    steps.add(new Change(c.path(), Action.ADD, c.kind(), null, c.file(), c.note(), false));
                }
            } else {
                steps.add(c);
            }
        }
        steps.sort(Comparator.comparingInt(DeployPlan::phase).thenComparing(Change::path));
        return steps;
    }

    /** -1: DAG files withdrawn, 0: modules up, 1: DAG files up, 2: DAG files removed, 3: modules removed. */
    static int phase(Change change) {
        boolean module = change.kind() == DeployFile.FileKind.MODULE;
        if (change.action() == Action.DELETE) {
            return change.withdrawFirst() ? -1 : module ? 3 : 2;
        }
        return module ? 0 : 1;
    }

    /** The plan as text: a summary table by kind, then one line per file that changes. */
    public List<String> table(String target) {
        List<String> lines = new ArrayList<>();
        lines.add("Plan for " + target + ":");
        String header = String.format("  %-8s %7s %7s %7s %7s %9s", "", "add", "change", "delete", "adopt", "unchanged");
        lines.add(header);
        for (DeployFile.FileKind kind : DeployFile.FileKind.values()) {
            Map<Action, Integer> n = new TreeMap<>();
            changes.stream().filter(c -> c.kind() == kind).forEach(c -> n.merge(c.action(), 1, Integer::sum));
            lines.add(String.format("  %-8s %7d %7d %7d %7d %9d", kind == DeployFile.FileKind.DAG ? "DAGs" : "modules",
                    n.getOrDefault(Action.ADD, 0), n.getOrDefault(Action.CHANGE, 0), n.getOrDefault(Action.DELETE, 0),
                    n.getOrDefault(Action.ADOPT, 0), n.getOrDefault(Action.UNCHANGED, 0)));
        }
        changes.stream().filter(c -> c.action() != Action.UNCHANGED)
                .sorted(Comparator.comparingInt(DeployPlan::phase).thenComparing(Change::path))
                .forEach(c -> lines.add(String.format("  %-9s %-6s %s%s", c.action().label(), c.kind().label(), c.path(),
                        c.note() == null ? "" : "  (" + c.note() + ")")));
        conflicts.forEach(path -> lines.add(String.format("  %-9s %-6s %s  (exists and is not emrdag's)", "CONFLICT", "", path)));
        if (foreign > 0) {
            lines.add("  " + foreign + (foreign == 1 ? " other file" : " other files") + " in the folder: not emrdag's, left alone");
        }
        return lines;
    }
}
