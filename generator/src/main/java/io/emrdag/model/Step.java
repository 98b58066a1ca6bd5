package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One EMR step, run through EMR's {@code command-runner.jar}: a PySpark script or a Spark application JAR with
 * {@code spark-submit}, or a plain command such as {@code s3-dist-cp}.
 *
 * @param script full {@code s3://} URI of the script or JAR (relative ones are resolved against the project's
 *     scripts base); {@code null} for a command
 * @param args arguments after the script; may contain Airflow Jinja such as {@code {{ ds }}}
 * @param jobGroupArg pass {@code --job_group <id>} before {@code args}, as the lake-house scripts expect
 * @param expectedDuration how long the step usually runs, or {@code null}; documents and checks the sensor timeout
 * @param reruns how often a failed attempt is added again on the same cluster (0: a failed step fails the run)
 * @param mainClass the JAR's main class, or {@code null} (then the JAR's manifest names it)
 * @param command a command's arguments, program first (may contain Airflow Jinja); empty for Spark steps
 * @param emrName the step's {@code Name} in EMR: its {@code step_name} (free text), else {@code name}; unique within the
 *     job group, since re-runs, retries and alerts find the step on the cluster by it
 * @param executionRoleArn the EMR runtime role the step runs as (AddJobFlowSteps' {@code ExecutionRoleArn}), or
 *     {@code null} for the cluster's instance profile
 */
public record Step(String name, String emrName, Kind kind, Spark spark, List<String> command, String actionOnFailure,
        String executionRoleArn, Runs runs) {

    /**
     * What {@code spark-submit} is given for a Spark step (script, class, arguments, submit options); for a command
     * {@code script} is {@code null} and the rest empty.
     */
    public record Spark(String script, String mainClass, List<String> args, boolean jobGroupArg, String deployMode,
            List<String> sparkSubmitArgs, Map<String, String> sparkConf) {

        public Spark {
            args = List.copyOf(args);
            sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
            sparkConf = Collections.unmodifiableMap(new TreeMap<>(sparkConf));
        }
    }

    /** How long the step usually runs and how often a failed attempt is added again. */
    public record Runs(Duration expectedDuration, int reruns) {
    }

    /** What the step runs. */
    public enum Kind {
        /** A PySpark script, with {@code spark-submit}. */
        PYSPARK,
        /** A Spark application JAR, with {@code spark-submit --class}. */
        SPARK_JAR,
        /** A command, as {@code command-runner.jar} runs it. */
        COMMAND
    }

    public Step {
        command = List.copyOf(command);
    }

    /**
     * Whether a string of a templated field (the cluster's request, a step) is an Airflow template: it holds a Jinja
     * delimiter, a comment's included (Airflow renders {@code {# #}} away and refuses an unclosed one). Validate checks
     * such a string's syntax and params; render passes it through {@code text()} (or as written in a number field).
     */
    public static boolean isTemplate(String value) {
        return value.contains("{{") || value.contains("{%") || value.contains("{#");
    }
}
