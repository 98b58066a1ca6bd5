package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.pipeline.Request;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a DAG file says about the job groups it waits for, the ones waiting for it, and who hears about its runs:
 * exact fragments of small inline projects (the examples in {@code generated-dags/} show them whole).
 */
class WorkflowPartsTest {

    private static final String SETTINGS = TestProjects.SETTINGS.replace("defaults:\n", "project: acme\ndefaults:\n");

    private static String group(String extra) {
        return "description: x\n" + extra + "steps:\n  - {name: load, script: load.py}\n";
    }

    @TempDir
    Path tmp;

    private Map<String, String> generate(Map<String, String> files) {
        Path out = tmp.resolve("out");
        new Emrdag().generate(new Request(TestProjects.project(tmp, files), out));
        return TestProjects.snapshot(out);
    }

    private static void assertFragment(String fragment, String file) {
        assertTrue(file.contains(fragment), () -> "expected\n" + fragment + "\nin\n" + file);
    }

    @Test
    void aJobGroupWithTwoUpstreamGroupsRunsOnTheirAssetsAndTheyEmitThem() {
        Map<String, String> files = generate(Map.of("emrdag.yaml", SETTINGS, "a.yaml", group("schedule: \"0 1 * * *\"\n"),
                "b.yaml", group("schedule: \"0 2 * * *\"\n"), "report.yaml", group("depends_on: [b, a]\n")));
        String report = files.get("report_dag.py");
        assertFragment("""
                # Runs when every job group it depends on has succeeded since its last run.
                UPSTREAM = template_generator.Upstream([
                    Asset("x-emrdag://acme/b"),
                    Asset("x-emrdag://acme/a"),
                ])
                """, report);
        assertFragment("    schedule=UPSTREAM,\n", report);
        assertFragment("    from airflow.sdk import DAG, Asset\n", report);
        assertFragment("    from airflow.datasets import Dataset as Asset\n", report);
        assertFragment("\"Runs when `b` and `a` have all succeeded since its last run (Airflow Assets `x-emrdag://acme/b`,"
                + " `x-emrdag://acme/a`; Datasets on Airflow 2). A failed upstream run starts nothing.\\n\"", report);
        assertFragment("all_steps_succeeded = EmptyOperator(task_id=\"all_steps_succeeded\")\n", report);
        String a = files.get("a_dag.py");
        assertFragment("SUCCEEDED = Asset(\"x-emrdag://acme/a\")\n", a);
        assertFragment("all_steps_succeeded = EmptyOperator(task_id=\"all_steps_succeeded\", outlets=[SUCCEEDED])\n", a);
        assertFragment("    schedule=\"0 1 * * *\",\n", a);
        assertFragment("\"Its success (Asset `x-emrdag://acme/a`, emitted by `all_steps_succeeded`) starts `report`.\\n\"", a);
    }

    @Test
    void withAScheduleTooItRunsOnTimeOrData() {
        String weekly = generate(Map.of("emrdag.yaml", SETTINGS, "a.yaml", group("schedule: \"0 1 * * *\"\n"),
                "weekly.yaml", group("schedule: \"@weekly\"\ndepends_on: [a]\n"))).get("weekly_dag.py");
        assertFragment("""
                    schedule=template_generator.time_or_data(
                        AssetOrTimeSchedule, CronTimetable("@weekly", timezone="UTC"), UPSTREAM
                    ),
                """, weekly);
        assertFragment("    from airflow.timetables.datasets import DatasetOrTimeSchedule as AssetOrTimeSchedule\n"
                + "    from airflow.timetables.interval import CronDataIntervalTimetable as CronTimetable\n", weekly);
        assertFragment("since its last run, and on its schedule `@weekly`", weekly);
    }

    @Test
    void alertsGoBesideTheRunReaperAndWatchOverdueSteps() {
        String orders = generate(Map.of("emrdag.yaml", SETTINGS, "orders.yaml", """
                description: Orders
                schedule: "0 2 * * *"
                alerts:
                  events: [failure, success, overdue]
                  sns_topic: arn:aws:sns:eu-west-1:123456789012:acme-alerts
                  email: [ops@acme.example]
                  callable: acme_alerts.page
                steps:
                  - {name: load, script: load.py, expected_duration: 45m}
                """)).get("orders_dag.py");
        assertFragment("from airflow.providers.amazon.aws.notifications.sns import SnsNotifier\n", orders);
        assertFragment("from airflow.utils.email import send_email\n", orders);
        assertFragment("""
                ALERTS = template_generator.Alerts(
                    EmrHook,
                    PROJECT,
                    "orders",
                    "orders",
                    "aws_default",
                    [
                        template_generator.sns_channel(SnsNotifier, "arn:aws:sns:eu-west-1:123456789012:acme-alerts", "aws_default"),
                        template_generator.email_channel(send_email, ["ops@acme.example"]),
                        template_generator.callable_channel("acme_alerts.page"),
                    ],
                )
                """, orders);
        assertFragment("""
                    on_failure_callback=[
                        template_generator.run_reaper(EmrHook, PROJECT, "orders", "aws_default"),
                        ALERTS.failed,
                    ],
                    on_success_callback=ALERTS.succeeded,
                """, orders);
        assertFragment("""
                        expected_seconds=2700,
                        alerts=ALERTS,
                """, orders);
        assertFragment("\"On a failed run, a successful run, a step running past its expected duration: SNS topic"
                + " `arn:aws:sns:eu-west-1:123456789012:acme-alerts`; e-mail `ops@acme.example`; `acme_alerts.page`.\\n\"", orders);
    }

    @Test
    void aJobGroupWithoutThemRendersAsBefore() {
        String orders = generate(Map.of("emrdag.yaml", SETTINGS, "orders.yaml", TestProjects.JOB_GROUP)).get("orders_dag.py");
        for (String absent : new String[] {"Asset", "ALERTS", "SnsNotifier", "send_email", "outlets", "on_success_callback"}) {
            assertFalse(orders.contains(absent), absent);
        }
        assertFragment("    on_failure_callback=template_generator.run_reaper(EmrHook, PROJECT, \"orders\", \"aws_default\"),\n", orders);
        assertEquals(1, orders.split("schedule=").length - 1);
    }
}
