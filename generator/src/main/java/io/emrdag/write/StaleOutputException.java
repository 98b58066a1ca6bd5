package io.emrdag.write;

import io.emrdag.diagnostic.UserErrorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The output folder is not what the metadata generates: stale, edited by hand, or holding removed job groups. */
public final class StaleOutputException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    private final transient WritePlan plan;
    /** What is wrong in each folder, without the hint that closes the message. */
    private final transient List<String> folderLines;

    public StaleOutputException(Path output, WritePlan plan) {
        this(plan, folderLines(output, plan));
    }

    private StaleOutputException(WritePlan plan, List<String> folderLines) {
        super(message(folderLines));
        this.plan = plan;
        this.folderLines = folderLines;
    }

    /**
     * Several output folders (one per environment) found stale by one check: every one is named, so that a check of
     * staging and prod does not hide prod behind staging. {@link #plan} is the first folder's.
     */
    public StaleOutputException(List<StaleOutputException> each) {
        super(message(each.stream().flatMap(e -> e.folderLines.stream()).toList()));
        this.plan = each.get(0).plan;
        this.folderLines = each.stream().flatMap(e -> e.folderLines.stream()).toList();
    }

    public WritePlan plan() {
        return plan;
    }

    private static String message(List<String> folderLines) {
        List<String> lines = new ArrayList<>(folderLines);
        lines.add("  hint: Run 'mvn emrdag:generate' (or 'emrdag generate') to fix, and commit the result");
        return String.join(System.lineSeparator(), lines);
    }

    private static List<String> folderLines(Path output, WritePlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add(output + " is not up to date with the job-group metadata:");
        plan.added().forEach(f -> lines.add("  missing               " + f));
        plan.changed().forEach(f -> lines.add("  stale or hand-edited  " + f));
        plan.deleted().forEach(f -> lines.add("  no longer generated   " + f));
        if (plan.writes() == 0 && plan.deleted().isEmpty()) {
            lines.add("  stale manifest        " + Manifest.FILE_NAME);
        }
        return lines;
    }
}
