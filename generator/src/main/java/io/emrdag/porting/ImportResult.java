package io.emrdag.porting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@code emrdag import}: one row per DAG found in the sources (ported or not, with why), the files
 * written, and the profiles the shared cluster shapes became. Front ends print {@link #table()} and take the exit
 * code from {@link #complete()} and {@link #identical()}.
 */
public record ImportResult(List<PortedDag> dags, List<String> fileProblems, List<Path> written, List<String> profiles,
        String airflowVersion) {

    public ImportResult {
        dags = List.copyOf(dags);
        fileProblems = List.copyOf(fileProblems);
        written = List.copyOf(written);
        profiles = List.copyOf(profiles);
    }

    /** Every DAG of the sources became a job group and every file imported. */
    public boolean complete() {
        return fileProblems.isEmpty() && dags.stream().allMatch(PortedDag::ported);
    }

    /** Complete, and every port proved identical with nothing listed (what {@code --strict} asks). */
    public boolean identical() {
        return complete() && dags.stream().allMatch(PortedDag::identical);
    }

    /** The table, one row per DAG, then each DAG's listed differences and the files that did not import. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("| DAG | job group | request | steps | tasks carried | replaced (why) | not carried (why) | bridges |");
        lines.add("|---|---|---|---|---|---|---|---|");
        for (PortedDag dag : dags) {
            if (!dag.ported()) {
                lines.add("| " + dag.dagId() + " | skipped: " + dag.reason() + " | | | | | | " + dag.bridges().size() + " |");
                continue;
            }
            lines.add("| " + dag.dagId() + " | " + dag.jobGroup() + " | " + verdict(dag.proof().request()) + " | "
                    + verdict(dag.proof().steps()) + " | " + dag.tasks().carried().size() + " | " + String.join("; ", dag.tasks().replaced())
                    + " | " + String.join("; ", dag.tasks().notCarried()) + " | " + (dag.bridges().isEmpty() ? "none" : dag.bridges().size()) + " |");
        }
        for (PortedDag dag : dags) {
            List<String> details = new ArrayList<>();
            dag.bridges().forEach(b -> details.add("bridged: " + b));
            dag.proof().listed().forEach(l -> details.add("listed: " + l));
            dag.proof().request().forEach(d -> details.add("request differs: " + d));
            dag.proof().steps().forEach(d -> details.add("step differs: " + d));
            dag.proof().other().forEach(d -> details.add("differs: " + d));
            if (!details.isEmpty()) {
                lines.add(dag.dagId() + (dag.ported() ? " (" + dag.jobGroup() + ")" : "") + ", " + dag.file() + ":");
                details.forEach(d -> lines.add("  " + d));
            }
        }
        fileProblems.forEach(p -> lines.add("not imported: " + p));
        profiles.forEach(p -> lines.add("profile: " + p));
        long ported = dags.stream().filter(PortedDag::ported).count();
        long same = dags.stream().filter(PortedDag::identical).count();
        lines.add(ported + " of " + dags.size() + " DAGs ported (" + same + " identical, " + (ported - same)
                + " with every difference listed), " + fileProblems.size() + " files not imported; read in Airflow " + airflowVersion);
        return lines;
    }

    private static String verdict(List<String> differences) {
        return differences.isEmpty() ? "identical" : differences.size() + " differences";
    }
}
