package io.emrdag.porting;

import java.util.List;

/**
 * One row of the import table: a DAG of the sources and what became of it. A DAG that was not ported has a
 * {@code reason} and no job group; a ported one has its {@link Proof}, what became of its {@link Tasks}, and the
 * bridges its imports went through.
 */
public record PortedDag(String file, String dagId, String jobGroup, String reason, Proof proof, Tasks tasks, List<String> bridges) {

    /**
     * What rendering both DAGs found: the differences in the RunJobFlow request (and connection ids), in the steps,
     * elsewhere (DAG arguments, tasks, a proof that did not run), and the deliberate differences the import listed.
     */
    public record Proof(List<String> request, List<String> steps, List<String> other, List<String> listed) {

        public Proof {
            request = List.copyOf(request);
            steps = List.copyOf(steps);
            other = List.copyOf(other);
            listed = List.copyOf(listed);
        }

        static final Proof NONE = new Proof(List.of(), List.of(), List.of(), List.of());

        boolean clean() {
            return request.isEmpty() && steps.isEmpty() && other.isEmpty() && listed.isEmpty();
        }
    }

    /** The original's tasks: carried (to their counterpart), replaced by design (why), not carried (why). */
    public record Tasks(List<String> carried, List<String> replaced, List<String> notCarried) {

        public Tasks {
            carried = List.copyOf(carried);
            replaced = List.copyOf(replaced);
            notCarried = List.copyOf(notCarried);
        }

        static final Tasks NONE = new Tasks(List.of(), List.of(), List.of());
    }

    public PortedDag {
        bridges = List.copyOf(bridges);
    }

    static PortedDag notPorted(String file, String dagId, String reason, List<String> bridges) {
        return new PortedDag(file, dagId, null, reason, Proof.NONE, Tasks.NONE, bridges);
    }

    /** Whether the DAG became a job group. */
    public boolean ported() {
        return jobGroup != null;
    }

    /** Ported, and its proof found the request, the steps, the DAG arguments and the tasks the same, nothing left out. */
    public boolean identical() {
        return ported() && proof.clean() && tasks.notCarried().isEmpty();
    }
}
