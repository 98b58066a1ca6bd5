package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.ClusterMode;
import io.emrdag.model.Step;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Binds {@code cluster.mode} and {@code cluster.cluster_id}, and holds what each mode refuses: on an existing cluster
 * every key that describes a cluster to create, a step that would terminate it; with the steps submitted with the
 * cluster, re-runs (the cluster ends after its last step).
 */
final class ClusterModeBinder {

    /** The keys of {@code cluster} that say how the cluster is had rather than what it is. */
    static final String MODE = "mode";
    static final String CLUSTER_ID = "cluster_id";

    /** EMR's cluster (job flow) ids: {@code j-} and upper-case letters and digits. */
    private static final Pattern CLUSTER_ID_SHAPE = Pattern.compile("j-[0-9A-Z]{1,64}");

    private ClusterModeBinder() {
    }

    /**
     * The mode of a job group's merged {@code cluster} mapping ({@code fields} over {@code node}; both {@code null} when
     * the job group has none: the default applies). With {@code existing}, every other key of the mapping is refused
     * and the mapping is finished here.
     */
    static ClusterMode bind(Fields cluster, MapNode node) {
        if (cluster == null) {
            return ClusterMode.TRANSIENT;
        }
        String word = cluster.oneOf(MODE, ClusterMode.Kind.TRANSIENT.key(), ClusterMode.Kind.keys());
        ClusterMode.Kind kind = ClusterMode.Kind.valueOf(word.toUpperCase(Locale.ROOT));
        if (kind != ClusterMode.Kind.EXISTING) {
            if (cluster.has(CLUSTER_ID)) {
                cluster.error(CLUSTER_ID, "E260", "cluster_id names an existing cluster, and this job group creates its own (mode "
                        + kind.key() + ")", "set 'mode: existing' to run the steps on that cluster, or remove cluster_id");
            }
            return kind == ClusterMode.Kind.WITH_STEPS ? ClusterMode.WITH_STEPS : ClusterMode.TRANSIENT;
        }
        String id = clusterId(cluster);
        for (MapNode.Member member : node.members().values()) {
            if (member.key().equals(MODE) || member.key().equals(CLUSTER_ID)) {
                continue;
            }
            cluster.raw(member.key());
            boolean profile = member.key().equals("profile");
            cluster.diagnostics().error("E261", member.keyLocation(), cluster.pathOf(member.key()), profile
                    ? "an existing cluster (mode: existing) has no profile: emrdag neither creates nor sizes it"
                    : "'" + Diagnostic.excerpt(member.key()) + "' describes a cluster to create, and an existing cluster (mode:"
                            + " existing) is used as it is",
                    profile ? "remove 'profile'; emrdag.yaml's profiles and defaults.cluster do not apply to this job group"
                            : "remove it; only 'mode' and 'cluster_id' apply to an existing cluster");
        }
        cluster.finish();
        return new ClusterMode(ClusterMode.Kind.EXISTING, id);
    }

    private static String clusterId(Fields cluster) {
        if (!cluster.has(CLUSTER_ID)) {
            cluster.missing(CLUSTER_ID, "name the cluster: 'cluster_id: j-2AXXXXXXGAPLF', or a Variable: "
                    + "'cluster_id: \"{{ var.value.shared_cluster_id }}\"'");
            return null;
        }
        String id = cluster.string(CLUSTER_ID, null);
        if (id == null) {
            return null;
        }
        if (Step.isTemplate(id)) {
            // Rendered when the tasks run: its syntax and the params it reads are checked with every templated field (E126).
            return JinjaSyntax.problem(id).isEmpty() ? id : null;
        }
        if (!CLUSTER_ID_SHAPE.matcher(id).matches()) {
            cluster.error(CLUSTER_ID, "E265", "expected an EMR cluster id like j-2AXXXXXXGAPLF or Jinja, got \""
                    + Diagnostic.excerpt(id) + "\"", "copy the id from the EMR console, or read it from a Variable: "
                    + "\"{{ var.value.shared_cluster_id }}\"");
            return null;
        }
        return id;
    }

    /** Refuses raw {@code job_flow_overrides} in a job group on an existing cluster: there is no RunJobFlow request. */
    static void refuseOverrides(Fields group) {
        if (group.has("job_flow_overrides")) {
            group.error("job_flow_overrides", "E261", "job_flow_overrides shape the RunJobFlow request, and a job group on an"
                    + " existing cluster (cluster.mode: existing) sends none", "remove job_flow_overrides");
        }
    }

    /** What each mode refuses of the steps, once they are bound. */
    static void checkSteps(Fields group, ClusterMode mode, List<Step> steps) {
        if (mode.kind() == ClusterMode.Kind.TRANSIENT || !(group.raw("steps") instanceof ListNode)) {
            return;
        }
        ListNode list = (ListNode) group.raw("steps");
        for (int i = 0; i < list.items().size(); i++) {
            if (!(list.items().get(i) instanceof MapNode map)) {
                continue;
            }
            Fields item = new Fields(map, group.pathOf("steps") + "[" + i + "]", group.diagnostics());
            String name = item.raw("name") instanceof ScalarNode s ? s.text() : null;
            Step step = steps.stream().filter(st -> st.name().equals(name)).findFirst().orElse(null);
            if (step == null) {
                continue;
            }
            if (mode.kind() == ClusterMode.Kind.WITH_STEPS && step.runs().reruns() > 0) {
                item.error("reruns", "E264", "a step submitted with the cluster (cluster.mode: with_steps) cannot be re-run: the"
                        + " cluster ends by itself after its last step, possibly before a re-run could be added",
                        "drop reruns, or use the default transient mode, where a failed step is added again on the same cluster");
            }
            if (mode.kind() == ClusterMode.Kind.WITH_STEPS && step.executionRoleArn() != null) {
                item.error("execution_role_arn", "E267", "a step submitted with the cluster (cluster.mode: with_steps) cannot"
                        + " have a runtime role: RunJobFlow has no ExecutionRoleArn (only AddJobFlowSteps takes one)",
                        "drop execution_role_arn, or use the default transient mode, where steps are added with their roles");
            }
            if (mode.kind() == ClusterMode.Kind.WITH_STEPS && step.actionOnFailure().equals("CONTINUE")) {
                item.warning("action_on_failure", "W261", "after this step fails, the steps after it still run on the cluster and"
                        + " bill although the run has failed", "leave action_on_failure out (TERMINATE_CLUSTER in mode with_steps)"
                        + " so that a failed step ends the cluster at once");
            }
            if (mode.kind() == ClusterMode.Kind.EXISTING && step.actionOnFailure().equals("TERMINATE_CLUSTER")) {
                item.error("action_on_failure", "E263", "a failed step would terminate the existing cluster, which emrdag never"
                        + " terminates (other work may run on it)", "leave action_on_failure out (CONTINUE on an existing cluster)");
            }
            if (mode.kind() == ClusterMode.Kind.EXISTING && step.actionOnFailure().equals("CANCEL_AND_WAIT")) {
                item.warning("action_on_failure", "W260", "a failed step would cancel every pending step on the existing"
                        + " cluster, those other job groups and teams added included", "leave action_on_failure out (CONTINUE on"
                        + " an existing cluster)");
            }
        }
    }
}
