package io.emrdag.porting;

import java.util.List;

/**
 * One row of the import table: a DAG of the sources and what became of it. A DAG that was not ported has a
 * {@code reason} and no job group; a ported one says whether its request and steps proved identical, which tasks
 * were carried, replaced or not carried, the listed differences and the bridges its imports went through.
 */
public record PortedDag(String file, String dagId, String jobGroup, String reason, List<String> requestDifferences,
        List<String> stepDifferences, List<String> otherDifferences, List<String> carried, List<String> replaced,
        List<String> notCarried, List<String> listed, List<String> bridges) {

    public PortedDag {
        requestDifferences = List.copyOf(requestDifferences);
        stepDifferences = List.copyOf(stepDifferences);
        otherDifferences = List.copyOf(otherDifferences);
        carried = List.copyOf(carried);
        replaced = List.copyOf(replaced);
        notCarried = List.copyOf(notCarried);
        listed = List.copyOf(listed);
        bridges = List.copyOf(bridges);
    }

    static PortedDag notPorted(String file, String dagId, String reason, List<String> bridges) {
        return new PortedDag(file, dagId, null, reason, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), bridges);
    }

    /** Whether the DAG became a job group. */
    public boolean ported() {
        return jobGroup != null;
    }

    /** Ported, and its proof found the request, the steps, the DAG arguments and the tasks the same. */
    public boolean identical() {
        return ported() && requestDifferences.isEmpty() && stepDifferences.isEmpty() && otherDifferences.isEmpty()
                && notCarried.isEmpty() && listed.isEmpty();
    }
}
