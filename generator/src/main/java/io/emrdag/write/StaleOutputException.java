package io.emrdag.write;

import io.emrdag.diagnostic.UserErrorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The output folder is not what the metadata generates: stale, edited by hand, or holding removed job groups. */
public final class StaleOutputException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    private final transient WritePlan plan;

    public StaleOutputException(Path output, WritePlan plan) {
        super(message(output, plan));
        this.plan = plan;
    }

    public WritePlan plan() {
        return plan;
    }

    private static String message(Path output, WritePlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add(output + " is not up to date with the job-group metadata:");
        plan.added().forEach(f -> lines.add("  missing               " + f));
        plan.changed().forEach(f -> lines.add("  stale or hand-edited  " + f));
        plan.deleted().forEach(f -> lines.add("  no longer generated   " + f));
        if (plan.writes() == 0 && plan.deleted().isEmpty()) {
            lines.add("  stale manifest        " + Manifest.FILE_NAME);
        }
        lines.add("  hint: Run 'mvn emrdag:generate' (or 'emrdag generate') to fix, and commit the result");
        return String.join(System.lineSeparator(), lines);
    }
}
