package io.emrdag.pipeline;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.write.WritePlan;
import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of generate and check for one environment (or the project as written).
 *
 * @param environment the environment generated or checked, or {@code null}
 * @param folder      the folder generated or checked: the output folder, or an environment's folder in it
 */
public record Outcome(WritePlan plan, int jobGroups, List<Diagnostic> warnings, String environment, Path folder) {

    /** The lines a generate prints: each file written or deleted, then the count. */
    public List<String> generated() {
        return plan.report(jobGroups, folder);
    }

    /** The line a check prints when the folder is as generate would write it. */
    public String upToDate() {
        return "emrdag: " + folder + " is up to date (" + jobGroups + " job groups)";
    }
}
