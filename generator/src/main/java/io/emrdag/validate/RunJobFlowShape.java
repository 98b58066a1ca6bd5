package io.emrdag.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EMR's RunJobFlow request shape, for checking the raw {@code job_flow_overrides} below their top level.
 *
 * <p>Without it a misspelt {@code Instances.Ec2SubnetIds} or a tag value written as a number would pass
 * validation, render, import in Airflow, and fail only when boto validates the request at run time, after the
 * DAG has been deployed and scheduled. The shape comes from botocore's EMR service model, trimmed to types,
 * members and enums ({@code emr-run-job-flow.json}, see its {@code origin} and {@code licence} and
 * {@code generator/tools/trim_emr_model.py}).
 */
public final class RunJobFlowShape {

    private static final RunJobFlowShape INSTANCE = load();

    /** One shape of the model: a type and, depending on it, members, a list element, map key/value, or enum. */
    private record Shape(String name, String type, Map<String, String> members, String member, String value,
            List<String> enumValues) {
    }

    private final Map<String, Shape> shapes;
    private final String root;

    private RunJobFlowShape(Map<String, Shape> shapes, String root) {
        this.shapes = shapes;
        this.root = root;
    }

    /** The shape shipped with emrdag. */
    public static RunJobFlowShape get() {
        return INSTANCE;
    }

    /** Members of the RunJobFlow request itself. */
    public List<String> requestMembers() {
        return List.copyOf(shapes.get(root).members().keySet());
    }

    /**
     * The type of the value reached from the request by {@code keys} (structure members and map keys; list items are
     * stepped through), as the model spells it ({@code string}, {@code integer}, {@code long}, {@code boolean},
     * {@code double}, ...), or {@code null} for a path the request does not have.
     */
    public String typeAt(List<String> keys) {
        Shape shape = shapes.get(root);
        for (String key : keys) {
            shape = items(shape);
            String next = switch (shape.type()) {
                case "structure" -> shape.members().get(key);
                case "map" -> shape.value();
                default -> null;
            };
            if (next == null) {
                return null;
            }
            shape = shapes.get(next);
        }
        return items(shape).type();
    }

    private Shape items(Shape shape) {
        while (shape.type().equals("list")) {
            shape = shapes.get(shape.member());
        }
        return shape;
    }

    /**
     * Checks {@code value}, the override of the top-level request member {@code member}, at {@code path};
     * reports unknown members (E130) and values of the wrong type or outside an enum (E133). {@code null} is
     * allowed anywhere: it deletes the key from the request.
     */
    public void check(String member, Node value, String path, Diagnostics diagnostics) {
        String shape = shapes.get(root).members().get(member);
        if (shape != null) {
            check(shapes.get(shape), value, path, diagnostics);
        }
    }

    private void check(Shape shape, Node node, String path, Diagnostics diagnostics) {
        if (node instanceof ScalarNode s && (s.isNull() || reportedAlready(s))) {
            return;
        }
        // Airflow renders a template into whatever type the field has (see NativeTemplate); TemplatedFields checks it.
        if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && Step.isTemplate(s.text())) {
            return;
        }
        switch (shape.type()) {
            case "structure" -> {
                if (!(node instanceof MapNode map)) {
                    wrongType(node, path, "a mapping (" + shape.name() + ")", diagnostics);
                    return;
                }
                for (MapNode.Member m : map.members().values()) {
                    String memberPath = path + "." + m.key();
                    String memberShape = shape.members().get(m.key());
                    if (memberShape == null) {
                        diagnostics.error("E130", m.keyLocation(), memberPath, "'" + Diagnostic.excerpt(m.key()) + "' is not a member of "
                                + shape.name(), DidYouMean.suggest(m.key(), shape.members().keySet())
                                        .map(s -> "did you mean '" + s + "'?")
                                        .orElse("members of " + shape.name() + ": " + String.join(", ", shape.members().keySet())));
                    } else {
                        check(shapes.get(memberShape), m.value(), memberPath, diagnostics);
                    }
                }
            }
            case "list" -> {
                if (!(node instanceof ListNode list)) {
                    wrongType(node, path, "a list", diagnostics);
                    return;
                }
                for (int i = 0; i < list.items().size(); i++) {
                    check(shapes.get(shape.member()), list.items().get(i), path + "[" + i + "]", diagnostics);
                }
            }
            case "map" -> {
                if (!(node instanceof MapNode map)) {
                    wrongType(node, path, "a mapping of names to values", diagnostics);
                    return;
                }
                for (MapNode.Member m : map.members().values()) {
                    check(shapes.get(shape.value()), m.value(), path + "." + m.key(), diagnostics);
                }
            }
            case "string" -> checkString(shape, node, path, diagnostics);
            case "integer", "long" -> {
                if (!(node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.INTEGER)) {
                    wrongType(node, path, "an integer", Fields.quotedValueHint(node, Fields.INTEGER_TEXT), diagnostics);
                }
            }
            case "double", "float" -> {
                if (!(node instanceof ScalarNode s && (s.kind() == ScalarNode.Kind.INTEGER || s.kind() == ScalarNode.Kind.FLOAT))) {
                    wrongType(node, path, "a number", Fields.quotedValueHint(node, Fields.NUMBER_TEXT), diagnostics);
                }
            }
            case "boolean" -> {
                if (!(node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.BOOLEAN)) {
                    wrongType(node, path, "true or false", Fields.quotedValueHint(node, Fields.BOOLEAN_TEXT), diagnostics);
                }
            }
            default -> {
                // Types RunJobFlow does not use today (timestamp, blob) are passed as written.
            }
        }
    }

    private static void checkString(Shape shape, Node node, String path, Diagnostics diagnostics) {
        if (!(node instanceof ScalarNode s) || s.kind() != ScalarNode.Kind.STRING) {
            String hint = node instanceof ScalarNode s && s.kind() != ScalarNode.Kind.NULL
                    ? "quote it: \"" + Diagnostic.excerpt(s.text()) + "\" (boto refuses a " + (s.kind() == ScalarNode.Kind.BOOLEAN ? "boolean" : "number")
                            + " where EMR expects a string)"
                    : null;
            diagnostics.error("E133", node.location(), path, "expected a string, got " + node.describe(), hint);
            return;
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(s.text())) {
            diagnostics.error("E133", node.location(), path, "expected one of " + String.join(", ", shape.enumValues())
                    + ", got \"" + Diagnostic.excerpt(s.text()) + "\"", DidYouMean.suggest(s.text(), shape.enumValues())
                            .map(v -> "did you mean '" + v + "'?").orElse(null));
        }
    }

    /** YAML 1.1 booleans and numbers Python cannot read back are reported when the overrides are read. */
    private static boolean reportedAlready(ScalarNode s) {
        return switch (s.kind()) {
            case BOOLEAN -> !Fields.isPlainBoolean(s.text());
            case INTEGER, FLOAT -> !Fields.NUMBER_TEXT.matcher(s.text().replace("_", "")).matches();
            default -> false;
        };
    }

    private static void wrongType(Node node, String path, String expected, Diagnostics diagnostics) {
        wrongType(node, path, expected, null, diagnostics);
    }

    private static void wrongType(Node node, String path, String expected, String hint, Diagnostics diagnostics) {
        diagnostics.error("E133", node.location(), path, "expected " + expected + ", got " + node.describe(), hint);
    }

    private static RunJobFlowShape load() {
        try (InputStream in = RunJobFlowShape.class.getResourceAsStream("emr-run-job-flow.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource emr-run-job-flow.json");
            }
            JsonNode model = new ObjectMapper().readTree(in);
            Map<String, Shape> shapes = new LinkedHashMap<>();
            model.get("shapes").properties().forEach(e -> {
                JsonNode s = e.getValue();
                Map<String, String> members = new LinkedHashMap<>();
                if (s.has("members")) {
                    s.get("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().asText()));
                }
                List<String> enumValues = new ArrayList<>();
                if (s.has("enum")) {
                    s.get("enum").forEach(v -> enumValues.add(v.asText()));
                }
                shapes.put(e.getKey(), new Shape(e.getKey(), s.get("type").asText(), Collections.unmodifiableMap(members),
                        s.path("member").asText(null), s.path("value").asText(null), List.copyOf(enumValues)));
            });
            return new RunJobFlowShape(Collections.unmodifiableMap(shapes), model.get("root").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
