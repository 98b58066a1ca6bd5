package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ListNode;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.Step;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja in a job group, by whether Airflow renders the field. The cluster (the RunJobFlow request), the raw
 * {@code job_flow_overrides} and the steps are templated operator fields: every string in them that holds Jinja is
 * rendered at run time, so its template is checked (E126) and the params it reads must be declared (E240). Fields
 * read when the DAG file is parsed (owner, the DAG's tags, email) never are: Jinja there is refused (E241), as is
 * Jinja in a mapping key of a request (Airflow renders values, not keys).
 */
final class TemplatedFields {

    /** The job-group keys whose strings reach a templated operator field. */
    private static final List<String> RENDERED = List.of("cluster", "job_flow_overrides", "steps");

    private static final Pattern DELIMITED = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile(
            "(?<![\\w.])params\\s*(?:\\.\\s*([A-Za-z_]\\w*)|\\[\\s*(['\"])(.*?)\\2\\s*])");
    private static final Pattern GET_ARGUMENT = Pattern.compile("\\s*\\(\\s*(['\"])(.*?)\\1\\s*([),])");
    private static final Set<String> MAPPING_METHODS = Set.of("items", "keys", "values");
    static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private TemplatedFields() {
    }

    /** Checks every Jinja string the job group's templated fields hold against the declared {@code params}. */
    static void check(Fields fields, Collection<String> params) {
        for (String key : RENDERED) {
            Node node = fields.raw(key);
            String path = fields.pathOf(key);
            if (key.equals("steps") && node instanceof ListNode steps) {
                // A step's name is its task id, read by emrdag; its shape refuses braces.
                for (int i = 0; i < steps.items().size(); i++) {
                    walk(fields, steps.items().get(i), path + "[" + i + "]", params, "name");
                }
            } else {
                walk(fields, node, path, params, key.equals("cluster") ? "profile" : null);
            }
        }
        // The arguments of the tasks around the cluster: their Jinja syntax is E238's (AroundBinder); the params they
        // read must be declared like everywhere else.
        for (String key : List.of("before", "after")) {
            if (fields.raw(key) instanceof ListNode tasks) {
                for (int i = 0; i < tasks.items().size(); i++) {
                    if (tasks.items().get(i) instanceof MapNode task && task.members().get("arguments") != null) {
                        paramsRead(fields, task.members().get("arguments").value(), fields.pathOf(key) + "[" + i + "].arguments", params);
                    }
                }
            }
        }
    }

    private static void paramsRead(Fields fields, Node node, String path, Collection<String> params) {
        if (node instanceof MapNode map) {
            map.members().values().forEach(m -> paramsRead(fields, m.value(), path + "." + m.key(), params));
        } else if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                paramsRead(fields, list.items().get(i), path + "[" + i + "]", params);
            }
        } else if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && Step.isTemplate(s.text())
                && JinjaSyntax.problem(s.text()).isEmpty()) {
            undeclaredParams(fields, s, path, params);
        }
    }

    /** {@code skipped}: a member of this mapping (not of those below it) that emrdag reads itself, or null. */
    private static void walk(Fields fields, Node node, String path, Collection<String> params, String skipped) {
        if (node instanceof MapNode map) {
            for (MapNode.Member member : map.members().values()) {
                if (member.key().equals(skipped)) {
                    continue;
                }
                String memberPath = path + "." + member.key();
                if (Step.isTemplate(member.key()) && !path.endsWith(".spark_conf") && !path.equals("cluster.tags")) {
                    fields.diagnostics().error("E241", member.keyLocation(), memberPath, "Airflow renders the values of a request,"
                                    + " not its keys: EMR would receive the key \"" + Diagnostic.excerpt(member.key()) + "\" as written",
                            "write the key itself; put the templated part into the value");
                }
                walk(fields, member.value(), memberPath, params, null);
            }
        } else if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                walk(fields, list.items().get(i), path + "[" + i + "]", params, null);
            }
        } else if (node instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING && Step.isTemplate(s.text())) {
            JinjaSyntax.problem(s.text()).ifPresentOrElse(problem -> fields.diagnostics().error("E126", s.location(), path,
                    "broken Jinja template: " + problem, "Airflow renders this field at run time: close every '{{' with '}}' and"
                            + " every block tag with its end tag; for a literal '{{' write {{ '{{' }}"),
                    () -> undeclaredParams(fields, s, path, params));
        }
    }

    private static void undeclaredParams(Fields fields, ScalarNode s, String path, Collection<String> params) {
        for (String name : paramsRead(s.text())) {
            if (params.contains(name)) {
                continue;
            }
            String declared = params.isEmpty() ? "" : " (declared: " + String.join(", ", params) + ")";
            String hint = DidYouMean.suggest(name, params)
                    .map(close -> "did you mean '" + close + "'? Declare params under 'params:'" + declared)
                    .orElse("declare it under 'params:' with a default, e.g. params: {" + name + ": ...}" + declared);
            fields.diagnostics().error("E240", s.location(), path, "'params." + Diagnostic.excerpt(name) + "' is not a declared param", hint);
        }
    }

    /**
     * The param names a template reads, in order, once each: {@code params.x}, {@code params['x']}, {@code params.get('x')}
     * (a {@code params.get('x', default)} has its fallback and needs no declaration).
     */
    static Set<String> paramsRead(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher segment = DELIMITED.matcher(template);
        while (segment.find()) {
            String code = segment.group(1) != null ? segment.group(1) : segment.group(2);
            Matcher m = PARAM.matcher(code);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                if ("get".equals(m.group(1))) {
                    Matcher argument = GET_ARGUMENT.matcher(code).region(m.end(), code.length());
                    // params.get('x', default) reads a run's conf and falls back: only params.get('x') needs x declared.
                    name = argument.lookingAt() && argument.group(3).equals(")") ? argument.group(2) : null;
                } else if (m.group(1) != null && MAPPING_METHODS.contains(name)) {
                    name = null;
                }
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Refuses Jinja in {@code key} (a string or a list of strings), which Airflow reads when it parses the DAG file. */
    static void notRendered(Fields fields, String key) {
        Node node = fields.raw(key);
        if (node instanceof ScalarNode s) {
            refuse(fields, key, s, fields.pathOf(key));
        } else if (node instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof ScalarNode s) {
                    refuse(fields, key, s, fields.pathOf(key) + "[" + i + "]");
                }
            }
        }
    }

    private static void refuse(Fields fields, String key, ScalarNode s, String path) {
        if (s.kind() == ScalarNode.Kind.STRING && Step.isTemplate(s.text())) {
            fields.diagnostics().error("E241", s.location(), path, "Airflow does not render Jinja here: the DAG would show \""
                    + Diagnostic.excerpt(s.text()) + "\" as written", key + " is read when the DAG file is parsed; write the value itself");
        }
    }

    /** The DAG's {@code params}: a mapping of identifiers to JSON-able defaults, in the file's order. */
    static Map<String, Object> params(Fields fields) {
        Map<String, Object> params = new LinkedHashMap<>();
        Node raw = fields.raw("params");
        if (raw == null || raw instanceof ScalarNode s && s.isNull()) {
            return params;
        }
        if (!(raw instanceof MapNode map)) {
            fields.error("params", "E101", "expected a mapping of param names to defaults, got " + raw.describe(),
                    "e.g. params: {day: \"2024-01-01\", nodes: 3}");
            return params;
        }
        for (MapNode.Member member : map.members().values()) {
            String path = fields.pathOf("params") + "." + member.key();
            if (!PARAM_NAME.matcher(member.key()).matches()) {
                fields.diagnostics().error("E242", member.keyLocation(), path, "a param name is a Python identifier (letters, digits, '_'),"
                        + " got \"" + Diagnostic.excerpt(member.key()) + "\"", "templates read it as {{ params.name }}");
            }
            params.put(member.key(), OverridesBinder.plain(member.value(), fields, fields.pathOf("params"), null));
        }
        return params;
    }
}
