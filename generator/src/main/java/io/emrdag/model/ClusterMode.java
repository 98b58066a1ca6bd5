package io.emrdag.model;

import java.util.List;
import java.util.Locale;

/**
 * How a job group gets the cluster its steps run on ({@code cluster.mode}).
 *
 * @param kind      which of the three ways
 * @param clusterId for {@link Kind#EXISTING}: the cluster's id as written, a literal {@code j-…} or Jinja that Airflow
 *                  renders when the tasks run (a Variable: {@code "{{ var.value.shared_cluster }}"}); else {@code null}
 */
public record ClusterMode(Kind kind, String clusterId) {

    /** Today's and the default: create the cluster, add the steps, terminate it whatever happens. */
    public static final ClusterMode TRANSIENT = new ClusterMode(Kind.TRANSIENT, null);
    public static final ClusterMode WITH_STEPS = new ClusterMode(Kind.WITH_STEPS, null);

    public enum Kind {
        /** create → add steps → watch → terminate. */
        TRANSIENT,
        /** The steps go into RunJobFlow and the cluster ends by itself after the last one. */
        WITH_STEPS,
        /** A long-running cluster emrdag neither creates nor terminates: steps are added and watched. */
        EXISTING;

        /** The word in the metadata: {@code transient}, {@code with_steps}, {@code existing}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> keys() {
            return List.of(TRANSIENT.key(), WITH_STEPS.key(), EXISTING.key());
        }
    }

    /** Whether the run creates its own cluster (and so terminates it, and tags it for clean-up). */
    public boolean createsCluster() {
        return kind != Kind.EXISTING;
    }

    /** The default of a step's {@code action_on_failure} in this mode. */
    public String defaultActionOnFailure() {
        return switch (kind) {
            case TRANSIENT -> "CANCEL_AND_WAIT";
            case WITH_STEPS -> "TERMINATE_CLUSTER";
            case EXISTING -> "CONTINUE";
        };
    }
}
