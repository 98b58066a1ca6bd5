package io.emrdag.pipeline;

import io.emrdag.diagnostic.Diagnostic;
import java.util.List;

/** Outcome of validate: the job groups found and any warnings. */
public record Validation(List<String> jobGroups, List<Diagnostic> warnings) {

    /** How many ids {@link #summary} names before it only counts: a project of thousands stays one short line. */
    public static final int NAMED = 20;

    public Validation {
        jobGroups = List.copyOf(jobGroups);
        warnings = List.copyOf(warnings);
    }

    /** The line the CLI and the Maven goal print, e.g. {@code 2 job groups are valid: orders, payments}. */
    public String summary() {
        int count = jobGroups.size();
        String named = String.join(", ", jobGroups.subList(0, Math.min(count, NAMED)));
        return count + (count == 1 ? " job group is valid: " : " job groups are valid: ") + named
                + (count > NAMED ? " and " + (count - NAMED) + " more" : "");
    }
}
