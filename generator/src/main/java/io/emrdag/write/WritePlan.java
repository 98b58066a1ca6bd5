package io.emrdag.write;

import java.util.ArrayList;
import java.util.List;

/**
 * What a generate run will do (or, for {@code check}, would do) to the output folder.
 *
 * @param added new files
 * @param changed files whose content differs (stale, or edited by hand)
 * @param deleted files emrdag generated earlier that no longer have a job group
 * @param unchanged files already as they should be
 * @param manifestChanged whether the manifest itself needs rewriting
 */
public record WritePlan(List<String> added, List<String> changed, List<String> deleted, List<String> unchanged,
        boolean manifestChanged) {

    public boolean upToDate() {
        return added.isEmpty() && changed.isEmpty() && deleted.isEmpty() && !manifestChanged;
    }

    public int writes() {
        return added.size() + changed.size();
    }

    /** Whether only the manifest differs: no DAG file is written or deleted, yet the run writes. */
    private boolean manifestOnly() {
        return manifestChanged && writes() == 0 && deleted.isEmpty();
    }

    /** What a generate run did, as the lines every front end prints. */
    public List<String> report(int jobGroups, Object output) {
        if (upToDate()) {
            return List.of("emrdag: " + jobGroups + " job groups, " + output + " is up to date (nothing written)");
        }
        List<String> lines = new ArrayList<>();
        added.forEach(f -> lines.add("  added    " + f));
        changed.forEach(f -> lines.add("  updated  " + f));
        deleted.forEach(f -> lines.add("  deleted  " + f));
        if (manifestOnly()) {
            lines.add("  updated  " + Manifest.FILE_NAME);
        }
        lines.add("emrdag: " + jobGroups + " job groups -> " + output + ": " + writes() + " written, " + deleted.size()
                + " deleted, " + unchanged.size() + " unchanged" + (manifestOnly() ? ", manifest rewritten" : ""));
        return lines;
    }
}
