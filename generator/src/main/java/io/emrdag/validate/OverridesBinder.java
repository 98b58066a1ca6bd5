package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.ClusterMode;
import io.emrdag.model.NativeTemplate;
import io.emrdag.model.Step;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a job group's {@code job_flow_overrides}: a raw RunJobFlow fragment in EMR's spelling, deep-merged into the
 * request last. Checked against the request's shape, and for settings that undo emrdag's safety nets.
 */
final class OverridesBinder {

    private OverridesBinder() {
    }

    /**
     * Whether the raw overrides bring an instance list of their own ({@code Instances.InstanceGroups} or
     * {@code Instances.InstanceFleets}): it replaces the cluster's list, so the cluster need not say what its core
     * nodes are (the list may hold the primary alone). Read without binding: {@link #bind} checks the overrides.
     */
    static boolean replacesInstances(Fields fields) {
        return fields.peek("job_flow_overrides") instanceof MapNode overrides
                && overrides.get("Instances") instanceof MapNode instances
                && (instances.get("InstanceGroups") instanceof ListNode || instances.get("InstanceFleets") instanceof ListNode);
    }

    /** @param mode the job group's cluster mode: one that creates a cluster */
    static Map<String, Object> bind(Fields fields, ClusterMode mode) {
        Node raw = fields.raw("job_flow_overrides");
        if (raw == null || raw instanceof ScalarNode s && s.isNull()) {
            return Map.of();
        }
        if (!(raw instanceof MapNode map)) {
            fields.error("job_flow_overrides", "E101", "expected a mapping in EMR's RunJobFlow spelling, got " + raw.describe(), null);
            return Map.of();
        }
        riskyOverrides(map, fields, mode);
        OverrideRules.check(map, fields.pathOf("job_flow_overrides"), fields.diagnostics());
        Map<String, Object> out = new LinkedHashMap<>();
        for (MapNode.Member member : map.members().values()) {
            String path = fields.pathOf("job_flow_overrides") + "." + member.key();
            if (member.key().equals("Steps")) {
                fields.diagnostics().error("E131", member.keyLocation(), path, "steps cannot be set in job_flow_overrides",
                        "declare them under 'steps:'; emrdag adds them after the cluster starts");
            } else if (member.key().equals("Tags")) {
                fields.diagnostics().error("E135", member.keyLocation(), path, "Tags in job_flow_overrides would replace the"
                                + " cluster's tags, among them the emrdag:project, emrdag:dag_id and emrdag:run_id tags that the"
                                + " terminate task, the failure callback and the janitor find the cluster by",
                        "put your tags under cluster.tags; emrdag adds its own beside them");
            } else if (!Shapes.RUN_JOB_FLOW_KEYS.contains(member.key())) {
                fields.diagnostics().error("E130", member.keyLocation(), path, "'" + Diagnostic.excerpt(member.key()) + "' is not a RunJobFlow request member",
                        DidYouMean.suggest(member.key(), Shapes.RUN_JOB_FLOW_KEYS).map(s -> "did you mean '" + s + "'?")
                                .orElse("see the EMR RunJobFlow API reference"));
            } else {
                out.put(member.key(), plain(member.value(), fields, fields.pathOf("job_flow_overrides"), List.of(member.key())));
                RunJobFlowShape.get().check(member.key(), member.value(), path, fields.diagnostics());
            }
        }
        return out;
    }

    /**
     * Settings in the raw overrides that undo emrdag's safety nets: the idle auto-termination (a cluster left
     * running bills until someone notices), a termination protection the terminate task cannot get past, and
     * a cluster that ends before its steps are added.
     */
    private static void riskyOverrides(MapNode overrides, Fields fields, ClusterMode mode) {
        String base = fields.pathOf("job_flow_overrides");
        MapNode.Member policy = overrides.members().get("AutoTerminationPolicy");
        if (policy != null && policy.value() instanceof ScalarNode s && s.isNull()) {
            fields.diagnostics().warning("W204", policy.keyLocation(), base + ".AutoTerminationPolicy",
                    "no idle auto-termination: a cluster whose terminate task does not run keeps running and billing",
                    "keep the policy and tune cluster.idle_timeout instead");
        }
        if (overrides.get("Instances") instanceof MapNode instances) {
            MapNode.Member protectedFlag = instances.members().get("TerminationProtected");
            if (protectedFlag != null && protectedFlag.value() instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN
                    && s.text().equalsIgnoreCase("true")) {
                fields.diagnostics().warning("W205", protectedFlag.keyLocation(), base + ".Instances.TerminationProtected",
                        "the terminate task cannot end a termination-protected cluster: it keeps running and billing",
                        "remove TerminationProtected; emrdag ends the cluster after the steps");
            }
            MapNode.Member keepAlive = instances.members().get("KeepJobFlowAliveWhenNoSteps");
            boolean withSteps = mode.kind() == ClusterMode.Kind.WITH_STEPS;
            if (keepAlive != null && keepAlive.value() instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN
                    && s.text().equalsIgnoreCase(withSteps ? "true" : "false")) {
                if (withSteps) {
                    fields.diagnostics().error("E266", keepAlive.keyLocation(), base + ".Instances.KeepJobFlowAliveWhenNoSteps",
                            "with cluster.mode: with_steps the cluster ends by itself after its last step, and this keeps it"
                                    + " waiting for steps that never come", "remove KeepJobFlowAliveWhenNoSteps; mode with_steps sets it to false");
                } else {
                    fields.diagnostics().error("E134", keepAlive.keyLocation(), base + ".Instances.KeepJobFlowAliveWhenNoSteps",
                            "the cluster would end before emrdag adds its steps, and every step would fail",
                            "to submit the steps with the cluster and let it end after the last one, set cluster.mode: with_steps"
                                    + " and remove KeepJobFlowAliveWhenNoSteps");
                }
            }
        }
    }

    /**
     * A located node as plain data for the raw overrides (or params); {@code null} deletes the key from the request.
     * Numbers Python cannot read back exactly (YAML's {@code .inf}, {@code .nan}) are reported at {@code path}.
     *
     * @param keys where the node sits in the RunJobFlow request (member names and map keys), or {@code null} outside
     *     it: a Jinja string in a field EMR types as a number or boolean becomes a {@link NativeTemplate}
     */
    static Object plain(Node node, Fields fields, String path, List<String> keys) {
        if (node instanceof MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.members().values().forEach(m -> out.put(m.key(), plain(m.value(), fields, path, keys == null ? null : append(keys, m.key()))));
            return out;
        }
        if (node instanceof ListNode list) {
            List<Object> out = new ArrayList<>();
            list.items().forEach(i -> out.add(plain(i, fields, path, keys)));
            return out;
        }
        ScalarNode scalar = (ScalarNode) node;
        try {
            return switch (scalar.kind()) {
                case STRING -> keys != null && Step.isTemplate(scalar.text()) && !"string".equals(RunJobFlowShape.get().typeAt(keys))
                        ? new NativeTemplate(scalar.text()) : scalar.text();
                case INTEGER -> new BigInteger(scalar.text().replace("_", "").replaceFirst("^\\+", ""));
                case FLOAT -> new BigDecimal(scalar.text().replace("_", ""));
                case BOOLEAN -> {
                    if (!Fields.isPlainBoolean(scalar.text())) {
                        fields.diagnostics().error("E101", scalar.location(), path,
                                "ambiguous YAML 1.1 boolean '" + Diagnostic.excerpt(scalar.text()) + "'", "write true or false, or quote it for a string");
                    }
                    yield Boolean.parseBoolean(scalar.text());
                }
                case NULL -> null;
            };
        } catch (NumberFormatException e) {
            fields.diagnostics().error("E132", scalar.location(), path,
                    "number " + Diagnostic.excerpt(scalar.text()) + (keys == null ? " cannot be a param's default" : " cannot be passed to EMR"),
                    "write a plain decimal number, or quote it to send a string");
            return scalar.text();
        }
    }

    private static List<String> append(List<String> keys, String key) {
        List<String> out = new ArrayList<>(keys);
        out.add(key);
        return out;
    }
}
