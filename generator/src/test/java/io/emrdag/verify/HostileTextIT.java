package io.emrdag.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.model.MwaaTarget;
import io.emrdag.pipeline.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User text is data, never code: hostile strings in free-text fields come out of real Airflow (the pinned
 * 2.10.3 environment) as exactly the same strings, including after Airflow's native template rendering of
 * the EMR requests; a template in the request renders as text (a literal '{{' written as {{ '{{' }}).
 */
class HostileTextIT {

    static final List<String> HOSTILE = List.of(
            "triple \"\"\" and ''' quotes", "back\\slash\\", "new\nline\r\ttab", "caf\u00e9 \uD83D\uDE00 \u202Eevil\u202C",
            "{{ 7 * 7 }}", "{% raw %}x", "${core_instance_count}", "200", "True", "None", "1e3", "'quoted'",
            "conf.json", "", "  leading space", "\"); import os; os.system(\"echo pwned\") #", "nul\u0000byte");

    @TempDir
    Path tmp;

    @Test
    void hostileStringsComeOutOfAirflowUnchanged() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder args = new StringBuilder();
        for (String s : HOSTILE) {
            args.append(args.length() == 0 ? "" : ", ").append(json.writeValueAsString(s));
        }
        String jobGroup = "{\"description\": " + json.writeValueAsString(String.join(" | ", HOSTILE))
                + ", \"schedule\": null, \"tags\": [" + args.toString().replace(", \"\"", "").replace("\"{{ 7 * 7 }}\", \"{% raw %}x\", ", "") + "]"
                + ", \"cluster\": {\"tags\": {\"note\": \"200\", \"product\": \"{{ 7 * 7 }}\"},"
                + " \"configurations\": [{\"classification\": \"spark-defaults\","
                + " \"properties\": {\"spark.x\": \"{{ '{{' }} not jinja }}\", \"spark.y\": \"1e3\"}}]}"
                + ", \"steps\": [{\"name\": \"s\", \"script\": \"x.py\", \"job_group_arg\": false, \"args\": ["
                + args.toString().replace("\"{{ 7 * 7 }}\", \"{% raw %}x\", ", "") + "]}]}";
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "hostile.json", jobGroup));
        Path output = tmp.resolve("dags");
        new Emrdag().generate(new Request(project, output));

        Path python = new PythonEnvironments(new ScriptRunner()).pythonFor(MwaaTarget.forVersion("2.10.3").orElseThrow(), m -> { });
        String probe = """
                import json, os, sys
                sys.path.insert(0, sys.argv[1])
                os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
                import hostile_dag as m
                dag = m.dag
                create, add = dag.get_task("create_cluster"), dag.get_task("add_steps")
                def rendered(task, value):
                    context = {"var": {"value": {}}, "dag": dag, "run_id": "manual__hostile"}
                    return task.render_template(value, context, dag.get_template_env())
                overrides = rendered(create, create.job_flow_overrides)
                steps = rendered(add, add.steps)
                print(json.dumps({
                    "description": m.DESCRIPTION, "dag_description": dag.description, "tags": sorted(dag.tags),
                    "args": steps[0]["HadoopJarStep"]["Args"],
                    "properties": overrides["Configurations"][0]["Properties"],
                    "tags_emr": {t["Key"]: t["Value"] for t in overrides["Tags"]},
                }))
                """;
        Path script = tmp.resolve("probe.py");
        Files.writeString(script, probe);
        Process process = new ProcessBuilder(python.toString(), script.toString(), output.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        JsonNode result = json.readTree(out.lines().reduce((a, b) -> b).orElseThrow());

        assertEquals(String.join(" | ", HOSTILE), result.get("description").asText());
        assertEquals(String.join(" | ", HOSTILE), result.get("dag_description").asText());
        // The DAG's tags are read when the file is parsed: Jinja there is refused (E241), so the two templates are left out.
        List<String> tags = HOSTILE.stream().filter(s -> !s.isEmpty() && !s.equals("{{ 7 * 7 }}") && !s.equals("{% raw %}x")).sorted().toList();
        assertEquals(tags, json.convertValue(result.get("tags"), List.class));
        List<String> expectedArgs = new java.util.ArrayList<>(List.of("spark-submit", "--deploy-mode", "cluster", "s3://acme-artifacts/spark/x.py"));
        HOSTILE.stream().filter(s -> !s.equals("{{ 7 * 7 }}") && !s.equals("{% raw %}x")).forEach(expectedArgs::add);
        assertEquals(json.writeValueAsString(expectedArgs), json.writeValueAsString(result.get("args")), "escaped to show invisible characters");
        assertEquals(Map.of("spark.x", "{{ not jinja }}", "spark.y", "1e3"), json.convertValue(result.get("properties"), Map.class));
        assertEquals("200", result.get("tags_emr").get("note").asText());
        // Jinja in the request renders as a hand-written DAG renders it, and stays a string under native rendering.
        assertEquals("\"49\"", result.get("tags_emr").get("product").toString());
        assertEquals("manual__hostile", result.get("tags_emr").get("emrdag:run_id").asText(), "the run tag renders to the run id");
    }
}
