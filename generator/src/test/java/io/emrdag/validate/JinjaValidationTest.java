package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jinja where Airflow renders it (checked, params declared), refused where it does not; the DAG arguments' checks. */
class JinjaValidationTest {

    @TempDir
    Path tmp;
    int runs;

    private List<String> findings(String orders) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("emrdag.yaml", TestProjects.SETTINGS);
        all.put("orders.yaml", orders);
        Path project = TestProjects.project(tmp.resolve("p" + runs++), all);
        try {
            return new Emrdag().validate(project).warnings().stream().map(Diagnostic::format).toList();
        } catch (MetadataException e) {
            return e.diagnostics().stream().map(Diagnostic::format).toList();
        }
    }

    /** Silently wrong on main: the step validated and the task failed at run time (emrdag DAGs had no params). */
    @Test
    void aParamThatIsNotDeclaredIsAnErrorWithDidYouMean() {
        String orders = TestProjects.JOB_GROUP + """
                    args: ["{{ params.dya }}", "{{ params['day'] }}", "{{ params.get('nodes') }}"]
                params: {day: "2024-01-01"}
                """;
        assertEquals(List.of(
                "job-groups/orders.yaml:6:12: error[E240] steps[0].args[0]: 'params.dya' is not a declared param\n"
                        + "  hint: did you mean 'day'? Declare params under 'params:' (declared: day)",
                "job-groups/orders.yaml:6:55: error[E240] steps[0].args[2]: 'params.nodes' is not a declared param\n"
                        + "  hint: declare it under 'params:' with a default, e.g. params: {nodes: ...} (declared: day)"),
                findings(orders));
    }

    /** The arguments of a task around the cluster are templated fields too: the params they read must be declared. */
    @Test
    void aTaskAroundTheClusterReadsDeclaredParamsOnly() {
        String orders = TestProjects.JOB_GROUP + """
                params: {day: "2024-01-01"}
                before:
                  - task_id: wait_for_input
                    operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
                    arguments: {bucket_key: "s3://in/{{ params.day }}/{{ params.dya }}/_SUCCESS"}
                """;
        assertEquals(List.of("job-groups/orders.yaml:10:29: error[E240] before[0].arguments.bucket_key: 'params.dya' is not a"
                        + " declared param\n  hint: did you mean 'day'? Declare params under 'params:' (declared: day)"),
                findings(orders));
    }

    @Test
    void paramsWithoutAnyDeclarationAreAnError() {
        String orders = TestProjects.JOB_GROUP + "    args: [\"{{ params.day }}\"]\n";
        assertEquals(List.of("job-groups/orders.yaml:6:12: error[E240] steps[0].args[0]: 'params.day' is not a declared param\n"
                        + "  hint: declare it under 'params:' with a default, e.g. params: {day: ...}"),
                findings(orders));
    }

    @Test
    void brokenJinjaInAClusterFieldIsLocated() {
        String orders = TestProjects.JOB_GROUP + "cluster:\n  name: \"orders-{{ ds\"\n";
        assertEquals(List.of("job-groups/orders.yaml:7:9: error[E126] cluster.name: broken Jinja template: '{{' at character 8 is not"
                        + " closed by '}}'\n  hint: Airflow renders this field at run time: close every '{{' with '}}' and every block tag"
                        + " with its end tag; for a literal '{{' write {{ '{{' }}"),
                findings(orders));
    }

    /** On main cluster.log_uri with Jinja was refused while a raw LogUri with Jinja was accepted. */
    @Test
    void jinjaInTheLogUriIsAcceptedLikeARawLogUri() {
        assertEquals(List.of(), findings(TestProjects.JOB_GROUP + "cluster:\n  log_uri: \"s3://logs/{{ ds }}/\"\n"));
        assertEquals(List.of(), findings(TestProjects.JOB_GROUP + "job_flow_overrides:\n  LogUri: \"s3://logs/{{ ds }}/\"\n"));
    }

    @Test
    void jinjaInAnOverrideIntegerFieldIsAcceptedAndChecked() {
        assertEquals(List.of(), findings(TestProjects.JOB_GROUP + "params: {n: 2}\njob_flow_overrides:\n  StepConcurrencyLevel: \"{{ params.n }}\"\n"));
    }

    @Test
    void jinjaInFieldsAirflowDoesNotRenderIsRefused() {
        String orders = TestProjects.JOB_GROUP + """
                owner: "{{ params.team }}"
                tags: [emr, "{{ ds }}"]
                email: ["{{ var.value.oncall }}"]
                """;
        assertEquals(List.of(
                "job-groups/orders.yaml:6:8: error[E241] owner: Airflow does not render Jinja here: the DAG would show"
                        + " \"{{ params.team }}\" as written\n  hint: owner is read when the DAG file is parsed; write the value itself",
                "job-groups/orders.yaml:7:13: error[E241] tags[1]: Airflow does not render Jinja here: the DAG would show"
                        + " \"{{ ds }}\" as written\n  hint: tags is read when the DAG file is parsed; write the value itself",
                "job-groups/orders.yaml:8:9: error[E241] email[0]: Airflow does not render Jinja here: the DAG would show"
                        + " \"{{ var.value.oncall }}\" as written\n  hint: email is read when the DAG file is parsed; write the value itself"),
                findings(orders));
    }

    @Test
    void anExecutionTimeoutShorterThanAPokingWatchersTimeoutIsAWarning() {
        String orders = TestProjects.JOB_GROUP + "execution_timeout: 1h\nsensor: {mode: poke, timeout: 5h}\n";
        assertEquals(List.of("job-groups/orders.yaml:6:20: warning[W240] execution_timeout: tasks time out after 60 min but a watcher in poke"
                        + " mode waits for its step in one task run, up to 300 min (sensor.timeout): Airflow stops it first, while the"
                        + " step still runs\n  hint: raise execution_timeout to at least 300 min, or use sensor.mode: reschedule (each"
                        + " poke is then a short task run)"),
                findings(orders));
        assertEquals(List.of(), findings(TestProjects.JOB_GROUP + "execution_timeout: 1h\nsensor: {mode: reschedule, timeout: 5h}\n"));
    }

    @Test
    void paramNamesAreIdentifiersAndValuesPlainData() {
        String orders = TestProjects.JOB_GROUP + "params:\n  \"bad name\": 1\n  ok: {a: .inf}\n";
        assertEquals(List.of(
                "job-groups/orders.yaml:7:3: error[E242] params.bad name: a param name is a Python identifier (letters, digits, '_'),"
                        + " got \"bad name\"\n  hint: templates read it as {{ params.name }}",
                "job-groups/orders.yaml:8:11: error[E132] params: number .inf cannot be a param's default\n"
                        + "  hint: write a plain decimal number, or quote it to send a string"),
                findings(orders));
    }
}
