package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.pipeline.Request;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule: each asserts the exact located diagnostic a user sees. */
class ValidationRulesTest {

    @TempDir
    Path tmp;
    int runs;

    private List<String> errors(Map<String, String> files) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("emrdag.yaml", TestProjects.SETTINGS);
        all.putAll(files);
        Path project = TestProjects.project(tmp.resolve("p" + runs++), all);
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        return e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
    }

    private static String jobGroup(String replace, String with) {
        return TestProjects.JOB_GROUP.replace(replace, with);
    }

    @Test
    void unknownKeyPointsAtTheKeyWithDidYouMeanAndAMisspeltRequiredKeyIsOneMistake() {
        assertEquals(List.of("job-groups/orders.yaml:2:1: error[E100] schedul: unknown key 'schedul'\n  hint: did you mean 'schedule'?"),
                errors(Map.of("orders.yaml", jobGroup("schedule:", "schedul:"))));
    }

    @Test
    void aMissingRequiredKeyWithoutATypoIsStillReported() {
        assertEquals(List.of("job-groups/orders.yaml:1:1: error[E102] schedule: required key 'schedule' is missing\n"
                        + "  hint: a cron expression such as \"0 2 * * *\", a preset such as @daily, or null for manual runs",
                        "job-groups/orders.yaml:2:1: error[E100] cron: unknown key 'cron'\n  hint: known keys here: description, schedule, "
                                + "start_date, timezone, catchup, owner, retries, retry_delay, dagrun_timeout, max_active_runs, tags, "
                                + "aws_conn_id, emr_conn_id, sensor, cluster, steps, job_flow_overrides, depends_on, alerts, params, depends_on_past, "
                                + "wait_for_downstream, execution_timeout, email, email_on_failure, email_on_retry, max_active_tasks, before, after"),
                errors(Map.of("orders.yaml", jobGroup("schedule:", "cron:"))));
    }

    @Test
    void unknownNestedKeyHasTheFullPath() {
        List<String> errors = errors(Map.of("orders.yaml", jobGroup("    script:", "    scrpt: x.py\n    script:")));
        assertEquals(List.of("job-groups/orders.yaml:5:5: error[E100] steps[0].scrpt: unknown key 'scrpt'\n  hint: did you mean 'script'?"), errors);
    }

    @Test
    void wrongTypeNamesExpectedAndActual() {
        String text = TestProjects.JOB_GROUP + "cluster:\n  core:\n    instance_count: four\n";
        assertEquals(List.of("job-groups/orders.yaml:8:21: error[E101] cluster.core.instance_count: expected an integer from 1 to 1000, got the string \"four\""),
                errors(Map.of("orders.yaml", text)));
    }

    @Test
    void booleansWhereStringsBelongGetAQuoteHint() {
        assertEquals(List.of("job-groups/orders.yaml:1:14: error[E101] description: expected a string, got the boolean false\n  hint: quote the value: \"false\""),
                errors(Map.of("orders.yaml", jobGroup("description: Orders CDC", "description: false"))));
    }

    @Test
    void missingRequiredValue() {
        assertEquals(List.of("job-groups/orders.yaml:4:5: error[E102] steps[0].script: required key 'script' is missing\n"
                        + "  hint: a step runs a PySpark script (script: load.py), a Spark application (jar: s3://bucket/app.jar) or a command (command: [s3-dist-cp, --src, ..., --dest, ...])"),
                errors(Map.of("orders.yaml", jobGroup("    script: load_raw_to_process.py\n", ""))));
    }

    @Test
    void unknownClusterProfileWithDidYouMean() {
        String text = TestProjects.JOB_GROUP + "cluster:\n  profile: standrd\n";
        assertEquals(List.of("job-groups/orders.yaml:7:12: error[E152] cluster.profile: unknown cluster profile 'standrd'\n  hint: did you mean 'standard'?"),
                errors(Map.of("orders.yaml", text)));
    }

    @Test
    void duplicateJobGroupIdsAcrossSubFolders() {
        List<String> errors = errors(Map.of("a/orders.yaml", TestProjects.JOB_GROUP, "b/orders.json",
                "{\"schedule\": null, \"steps\": [{\"name\": \"x\", \"script\": \"x.py\"}]}"));
        assertEquals(List.of("job-groups/b/orders.json: error[E161] duplicate job-group id 'orders' (also job-groups/a/orders.yaml)\n"
                + "  hint: job-group ids are file names and must be unique across all sub-folders; rename one file"), errors);
    }

    @Test
    void fileNameMustBeAPythonModuleName() {
        assertEquals(List.of("job-groups/orders-cdc.yaml: error[E160] job-group id 'orders-cdc' (the file name) is not a valid Python module name\n"
                        + "  hint: rename the file to letters, digits and '_', not starting with a digit and not a Python keyword, e.g. orders_cdc.yaml"),
                errors(Map.of("orders-cdc.yaml", TestProjects.JOB_GROUP)));
        assertEquals(1, errors(Map.of("class.yaml", TestProjects.JOB_GROUP)).size());
    }

    @Test
    void everyErrorOfARunIsReportedTogether() {
        List<String> errors = errors(Map.of(
                "a.yaml", jobGroup("schedule:", "schedul:"),
                "b.yaml", jobGroup("load_orders", "load orders"),
                "c.yaml", jobGroup("\"0 2 * * *\"", "\"every day\"")));
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("job-groups/a.yaml:2:1: error[E100] schedul"), errors.get(0));
        assertTrue(errors.get(1).startsWith("job-groups/b.yaml:4:11: error[E103] steps[0].name"), errors.get(1));
        assertTrue(errors.get(2).startsWith("job-groups/c.yaml:2:11: error[E120] schedule"), errors.get(2));
        List<String> ranges = errors(Map.of("d.yaml", jobGroup("\"0 2 * * *\"", "\"99 99 * * *\"")));
        assertTrue(ranges.get(0).startsWith("job-groups/d.yaml:2:11: error[E120] schedule: not a valid cron expression \"99 99 * * *\""), ranges.get(0));
    }

    @Test
    void errorsInInheritedValuesPointAtEmrdagYaml() {
        Map<String, String> files = new LinkedHashMap<>();
        Path project = TestProjects.project(tmp, Map.of(
                "emrdag.yaml", TestProjects.SETTINGS.replace("instance_count: 2", "instance_count: 0"),
                "orders.yaml", TestProjects.JOB_GROUP));
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        // One mistake, one finding: the profile's value is seen as clusters.standard.core and, merged, as the job group's
        // cluster.core; the path is what both agree on, the location where it is written.
        assertEquals(List.of("job-groups/emrdag.yaml:11:55: error[E106] core.instance_count: expected an integer from 1 to 1000, got 0"),
                e.diagnostics().stream().map(Diagnostic::format).toList());
        assertTrue(files.isEmpty());
    }

    @Test
    void valueShapesAreChecked() {
        String text = TestProjects.JOB_GROUP.replace("load_raw_to_process.py", "http://x/y.py")
                + "start_date: 2024-02-30\ncluster:\n  master: {instance_type: huge}\n  release_label: \"7.5\"\n";
        List<String> errors = errors(Map.of("orders.yaml", text));
        assertEquals(4, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(m -> m.contains("E111] steps[0].script")), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(m -> m.contains("E122] start_date: not a calendar date")), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(m -> m.contains("E103] cluster.master.instance_type")), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(m -> m.contains("E103] cluster.release_label")), String.join("\n", errors));
    }

    @Test
    void valuesPythonOrAirflowWouldRejectAreCaughtHere() {
        String text = TestProjects.JOB_GROUP + "catchup: yes\ntimezone: \"+01:00\"\nretry_delay: 99999999999999999999\n"
                + "dagrun_timeout: \"9999999999d\"\njob_flow_overrides: {VisibleToAllUsers: on}\n";
        List<String> errors = errors(Map.of("orders.yaml", text));
        assertEquals(5, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("job-groups/orders.yaml:6:10: error[E101] catchup: expected true or false, got the boolean yes"), errors.get(0));
        assertTrue(errors.get(1).contains("E121] timezone: unknown time zone \"+01:00\""), errors.get(1));
        assertTrue(errors.get(2).contains("E107] retry_delay: expected a duration such as 30s"), errors.get(2));
        assertTrue(errors.get(3).contains("E106] dagrun_timeout: expected a duration from 1m to 30d"), errors.get(3));
        assertTrue(errors.get(4).contains("E101] job_flow_overrides: ambiguous YAML 1.1 boolean 'on'"), errors.get(4));
    }

    @Test
    void packageNamesMustNotShadowKeywordsOrModules() {
        Path project = TestProjects.project(tmp.resolve("pkg"), Map.of("emrdag.yaml", TestProjects.SETTINGS + "layout: package\npackage: import\n",
                "orders.yaml", TestProjects.JOB_GROUP));
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        assertTrue(e.diagnostics().get(0).format().contains("E143] package: package name 'import' is a Python keyword"), e.getMessage());
    }

    @Test
    void duplicateStepNames() {
        String text = TestProjects.JOB_GROUP + "  - name: load_orders\n    script: other.py\n";
        assertEquals(List.of("job-groups/orders.yaml:6:11: error[E125] steps[1].name: duplicate step name 'load_orders' (first at job-groups/orders.yaml:4:11)\n"
                + "  hint: step names become task ids and must be unique within a job group"), errors(Map.of("orders.yaml", text)));
    }

    @Test
    void rawOverridesAreCheckedAgainstTheRunJobFlowRequest() {
        String text = TestProjects.JOB_GROUP + "job_flow_overrides:\n  EbsRootVolumSize: 64\n  Steps: []\n";
        assertEquals(List.of("job-groups/orders.yaml:7:3: error[E130] job_flow_overrides.EbsRootVolumSize: 'EbsRootVolumSize' is not a RunJobFlow request member\n"
                        + "  hint: did you mean 'EbsRootVolumeSize'?",
                "job-groups/orders.yaml:8:3: error[E131] job_flow_overrides.Steps: steps cannot be set in job_flow_overrides\n"
                        + "  hint: declare them under 'steps:'; emrdag adds them after the cluster starts"), errors(Map.of("orders.yaml", text)));
    }

    private List<String> warnings(String jobGroup) {
        Path project = TestProjects.project(tmp.resolve("p" + runs++), Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", jobGroup));
        return new Emrdag().validate(project).warnings().stream().map(Diagnostic::format).toList();
    }

    @Test
    void overridesBelowTheTopLevelAreCheckedAgainstBotocoresModel() {
        String text = TestProjects.JOB_GROUP + "job_flow_overrides:\n  Instances:\n    Ec2SubnetIdd: subnet-0a1b2c3d\n"
                + "  ManagedScalingPolicy:\n    ComputeLimits: {UnitType: Instances, MinimumCapacityUnits: 2, MaximumCapacityUnits: \"10\"}\n";
        assertEquals(List.of("job-groups/orders.yaml:8:5: error[E130] job_flow_overrides.Instances.Ec2SubnetIdd: 'Ec2SubnetIdd' is not a member "
                        + "of JobFlowInstancesConfig\n  hint: did you mean 'Ec2SubnetId'?",
                "job-groups/orders.yaml:10:89: error[E133] job_flow_overrides.ManagedScalingPolicy.ComputeLimits.MaximumCapacityUnits: "
                        + "expected an integer, got the string \"10\"\n  hint: remove the quotes: write 10, not \"10\" (quotes make it text)"),
                errors(Map.of("orders.yaml", text)));
    }

    @Test
    void theTopLevelAllowListIsPartOfTheRunJobFlowRequest() {
        assertTrue(RunJobFlowShape.get().requestMembers().containsAll(Shapes.RUN_JOB_FLOW_KEYS),
                "not in botocore's RunJobFlowInput: " + Shapes.RUN_JOB_FLOW_KEYS.stream()
                        .filter(k -> !RunJobFlowShape.get().requestMembers().contains(k)).toList());
        assertTrue(RunJobFlowShape.get().requestMembers().contains("Steps"));
    }

    @Test
    void overridesThatRemoveSafetyNetsAreWarnedAbout() {
        String text = TestProjects.JOB_GROUP + "job_flow_overrides:\n  AutoTerminationPolicy: null\n  Instances: {TerminationProtected: true}\n";
        assertEquals(List.of("job-groups/orders.yaml:7:3: warning[W204] job_flow_overrides.AutoTerminationPolicy: no idle auto-termination: "
                        + "a cluster whose terminate task does not run keeps running and billing\n"
                        + "  hint: keep the policy and tune cluster.idle_timeout instead",
                "job-groups/orders.yaml:8:15: warning[W205] job_flow_overrides.Instances.TerminationProtected: the terminate task cannot end "
                        + "a termination-protected cluster: it keeps running and billing\n"
                        + "  hint: remove TerminationProtected; emrdag ends the cluster after the steps"), warnings(text));
    }

    @Test
    void aRunTimeoutShorterThanTheStepsOneAfterTheOtherIsWarnedAbout() {
        String text = TestProjects.JOB_GROUP + "    expected_duration: 40m\n  - name: load_items\n    script: load_raw_to_process.py\n"
                + "    expected_duration: 40m\nsensor: {timeout: 90m}\ndagrun_timeout: 1h\n";
        String sensorsOutliveRun = "job-groups/orders.yaml:11:17: warning[W207] dagrun_timeout: the DAG run times out after 60 min but its "
                + "sensors may wait 90 min (sensor.timeout) plus about 10 min to create and end the cluster: the run can end before the steps "
                + "fail it, and the cluster then waits for the failure callback or the janitor\n"
                + "  hint: raise dagrun_timeout to at least 100 min, or lower sensor.timeout";
        assertEquals(List.of("job-groups/orders.yaml:11:17: warning[W206] dagrun_timeout: the steps are expected to run 80 min one after the "
                + "other but the DAG run times out after 60 min\n"
                + "  hint: raise dagrun_timeout, or lower the steps' expected_duration if they run faster", sensorsOutliveRun), warnings(text));
        assertEquals(List.of(), warnings(text.replace("dagrun_timeout: 1h", "dagrun_timeout: 2h")));
        assertEquals(List.of(sensorsOutliveRun), warnings(text + "cluster:\n  step_concurrency: 2\n"));
    }

    private List<String> warningCodes(String target, String jobGroup) {
        Path project = TestProjects.project(tmp.resolve("p" + runs++),
                Map.of("emrdag.yaml", TestProjects.SETTINGS.replace("target: \"2.10.3\"", "target: \"" + target + "\""), "orders.yaml", jobGroup));
        return new Emrdag().validate(project).warnings().stream().map(Diagnostic::code).toList();
    }

    @Test
    void theWatchersModeDecidesWhatExecutionTimeoutAndRetriesMeanOnEachMajor() {
        String timed = TestProjects.JOB_GROUP + "execution_timeout: 1h\nretries: 1\nsensor: {timeout: 5h, mode: MODE}\n";
        // A deferred watcher's wait counts toward execution_timeout on Airflow 2 only; reschedule runs are short.
        assertEquals(List.of("W240"), warningCodes("2.10.3", timed.replace("MODE", "deferrable")));
        assertEquals(List.of("W240"), warningCodes("3.3.1", timed.replace("MODE", "poke")));
        assertEquals(List.of(), warningCodes("2.11.2", timed.replace("MODE", "reschedule")));
        // Airflow 3's reschedule race (apache/airflow#71172) needs a retry in reschedule mode; there the default mode is
        // deferrable, which does not reschedule.
        assertEquals(List.of("W241"), warningCodes("3.0.6", TestProjects.JOB_GROUP + "sensor: {mode: reschedule}\n"));
        assertEquals(List.of("W241"), warningCodes("3.3.1", TestProjects.JOB_GROUP + "retries: 0\nsensor: {mode: reschedule}\n"));
        assertEquals(List.of(), warningCodes("3.0.6", TestProjects.JOB_GROUP));
        assertEquals(List.of(), warningCodes("3.3.1", TestProjects.JOB_GROUP + "retries: 1\n"));
        assertEquals(List.of(), warningCodes("3.3.1", TestProjects.JOB_GROUP + "sensor: {mode: poke}\n"));
        assertEquals(List.of(), warningCodes("2.10.3", TestProjects.JOB_GROUP));
    }

    @Test
    void theWatchersDeferByDefaultOnAirflow3AndRescheduleOnAirflow2() {
        for (String target : List.of("2.10.3", "2.11.0", "2.11.2", "3.0.6", "3.2.1", "3.3.1")) {
            Map<String, String> files = Map.of("emrdag.yaml", TestProjects.SETTINGS.replace("target: \"2.10.3\"", "target: \"" + target + "\""),
                    "orders.yaml", TestProjects.JOB_GROUP + "sensor: {poke_interval: 30s}\n", "items.yaml", TestProjects.JOB_GROUP);
            Path project = TestProjects.project(tmp.resolve("p" + runs++), files);
            Path out = tmp.resolve("out" + runs++);
            new Emrdag().generate(new Request(project, out));
            String mode = target.startsWith("2.") ? "reschedule" : "deferrable";
            String other = target.startsWith("2.") ? "deferrable" : "reschedule";
            for (String dag : List.of("orders_dag.py", "items_dag.py")) {
                String text = TestProjects.snapshot(out).get(dag);
                assertTrue(text.contains("mode=\"" + mode + "\"") && !text.contains("mode=\"" + other + "\""), target + " " + dag + ":\n" + text);
            }
        }
    }

    @Test
    void deferrableWatchersAreAcceptedOnEveryTargetWithoutTheRescheduleWarning() {
        // Airflow 3's triggerer cannot import emrdag's trigger from the DAG folder (apache/airflow#65455): there the
        // watchers defer to the provider's step trigger, so deferrable is valid on every target, and W241 (reschedule
        // without retries) does not apply to it.
        String deferred = TestProjects.JOB_GROUP + "retries: 0\nsensor: {mode: deferrable}\n";
        for (String target : List.of("2.10.3", "2.11.2", "3.0.6", "3.2.1", "3.3.1")) {
            assertEquals(List.of(), warningCodes(target, deferred), target);
        }
    }

    @Test
    void aSensorWaitsForTheStepsBeforeItAndForReruns() {
        String text = TestProjects.JOB_GROUP + "    expected_duration: 40m\n  - name: load_items\n    script: load_raw_to_process.py\n"
                + "    expected_duration: 30m\n    reruns: 1\nsensor: {timeout: 90m}\ndagrun_timeout: 2h\n";
        assertEquals(List.of("job-groups/orders.yaml:9:24: warning[W201] steps[1].expected_duration: the step is expected to end 100 min "
                + "after the steps are added (after the steps before it, with 1 re-run(s)) but its sensor times out after 90 min\n"
                + "  hint: raise sensor.timeout for this job group"), warnings(text));
        assertEquals(List.of(), warnings(text.replace("    reruns: 1\n", "")));
        assertEquals(List.of(), warnings(text.replace("    reruns: 1\n", "") + "cluster:\n  step_concurrency: 2\n"));
    }

    @Test
    void aStepThatTerminatesTheClusterCannotBeRerun() {
        assertEquals(List.of("job-groups/orders.yaml:7:13: error[E127] steps[0].reruns: a step whose failure terminates the cluster cannot be "
                + "re-run on it\n  hint: use action_on_failure: CANCEL_AND_WAIT (the default) with reruns, or drop reruns"),
                errors(Map.of("orders.yaml", TestProjects.JOB_GROUP + "    action_on_failure: TERMINATE_CLUSTER\n    reruns: 2\n")));
    }

    @Test
    void aJobGroupOnAnotherConnectionThanTheJanitorIsWarnedAbout() {
        assertEquals(List.of("job-groups/orders.yaml:6:14: warning[W208] aws_conn_id: the janitor ends orphaned clusters through connection "
                + "'aws_default', not 'aws_analytics': a cluster of this job group whose run was marked failed or lost is only ended by its "
                + "failure callback and idle timeout\n  hint: use one connection for all job groups, or set janitor.aws_conn_id in emrdag.yaml"),
                warnings(TestProjects.JOB_GROUP + "aws_conn_id: aws_analytics\n"));
    }

    @Test
    void jinjaInAnyStepFieldIsRenderedLikeItsArgsSoNothingIsSaid() {
        // The whole steps field is templated: a script or a Spark setting with Jinja renders as an argument does (no W203).
        String text = TestProjects.JOB_GROUP.replace("load_raw_to_process.py", "\"{{ ds }}/load.py\"")
                + "    args: [\"--date={{ ds }}\"]\n    spark_conf: {spark.app.name: \"load {{ ds }}\"}\n";
        assertEquals(List.of(), warnings(text));
    }

    @Test
    void aCommandWhoseProgramHoldsSpacesIsSplitInTheHint() {
        String text = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: sync_orders
                    command: ["s3-dist-cp --src s3://acme-raw/orders/", --dest=hdfs:///orders/]
                """;
        assertEquals(List.of("job-groups/orders.yaml:5:14: warning[W221] steps[0].command: command-runner.jar runs 's3-dist-cp' with"
                + " each list item as one argument, and the first item here holds spaces\n"
                + "  hint: split it: command: [s3-dist-cp, --src, s3://acme-raw/orders/, ...]"), warnings(text));
    }

    @Test
    void aLongFirstCommandItemIsQuotedAsAnExcerptInTheHint() {
        String text = """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: sync_orders
                    command: ["s3-dist-cp %s"]
                """.formatted("--src s3://acme-raw/orders/{{ ds }} ".repeat(20));
        String warning = warnings(text).get(0);
        assertTrue(warning.contains("W221"), warning);
        String hint = warning.substring(warning.indexOf("hint: "));
        assertTrue(hint.startsWith("hint: split it: command: [s3-dist-cp, --src, s3://acme-raw/orders/{{, ds, }}, --src"), hint);
        assertTrue(hint.endsWith("..., ...]") && hint.length() < 110, hint);
    }

    @Test
    void fleetsInRawOverridesWarnThatTheyHaveNoKnobs() {
        String text = TestProjects.JOB_GROUP + """
                job_flow_overrides:
                  Instances:
                    InstanceFleets:
                      - {InstanceFleetType: MASTER, TargetOnDemandCapacity: 1, InstanceTypeConfigs: [{InstanceType: m5.xlarge}]}
                      - {InstanceFleetType: CORE, TargetSpotCapacity: 4, InstanceTypeConfigs: [{InstanceType: r5.2xlarge}]}
                """;
        assertEquals(List.of("W220"), warnings(text).stream().map(w -> w.replaceAll("^.*warning\\[(W\\d+)\\].*(?s).*$", "$1")).toList());
    }

    @Test
    void aJobGroupOnFleetsReplacesItsProfilesInstanceGroups() {
        String text = TestProjects.JOB_GROUP + """
                cluster:
                  fleets:
                    master: {instance_types: [{instance_type: m5.xlarge}]}
                    core: {spot_capacity: 3, instance_types: [{instance_type: r5.2xlarge}, {instance_type: r5a.2xlarge}]}
                """;
        assertEquals(List.of(), warnings(text));
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", text));
        assertEquals(List.of("orders"), new Emrdag().validate(project).jobGroups());
    }

    @Test
    void aDagIdMadeTooLongByTheFileNameIsReportedForThatFile() {
        String stem = "a".repeat(247);
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS + "dag_id: emr_{job_group}\n",
                stem + ".yaml", TestProjects.JOB_GROUP));
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        assertEquals(List.of("job-groups/" + stem + ".yaml: error[E123] DAG id \"emr_" + "a".repeat(53) + "...\" is not a valid Airflow id\n"
                + "  hint: Airflow ids use letters, digits, '_', '.', '-' (at most 250); check dag_id in emrdag.yaml"),
                e.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void unsupportedTargetListsTheSupportedOnes() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS.replace("2.10.3", "2.8.1"),
                "orders.yaml", TestProjects.JOB_GROUP));
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        assertEquals("job-groups/emrdag.yaml:1:9: error[E140] target: unsupported MWAA Airflow version \"2.8.1\"\n"
                + "  hint: supported: 2.10.3, 2.11.0, 2.11.2, 3.0.6, 3.2.1, 3.3.1", e.diagnostics().get(0).format());
    }

    @Test
    void aFiveLineJobGroupIsEnough() {
        Path project = TestProjects.project(tmp, Map.of("emrdag.yaml", TestProjects.SETTINGS, "orders.yaml", TestProjects.JOB_GROUP));
        assertEquals(5, TestProjects.JOB_GROUP.lines().count());
        assertEquals(List.of("orders"), new Emrdag().validate(project).jobGroups());
    }
}
