package io.emrdag.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One PySpark step run with {@code spark-submit} through EMR's {@code command-runner.jar}.
 *
 * @param script full {@code s3://} URI (relative scripts are resolved against the project's scripts base)
 * @param args arguments after the script; may contain Airflow Jinja such as {@code {{ ds }}}
 * @param jobGroupArg pass {@code --job_group <id>} before {@code args}, as the lake-house scripts expect
 * @param expectedDuration how long the step usually runs, or {@code null}; documents and checks the sensor timeout
 * @param reruns how often a failed attempt is added again on the same cluster (0: a failed step fails the run)
 */
public record Step(String name, String script, List<String> args, boolean jobGroupArg, String deployMode,
        List<String> sparkSubmitArgs, Map<String, String> sparkConf, String actionOnFailure,
        Duration expectedDuration, int reruns) {

    public Step {
        args = List.copyOf(args);
        sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
        sparkConf = Collections.unmodifiableMap(new TreeMap<>(sparkConf));
    }

    /**
     * Whether a step argument is an Airflow template: it holds a Jinja delimiter. Step arguments are the one place
     * Airflow renders; validate checks such an argument's syntax and render passes it through {@code text()}.
     */
    public static boolean isTemplate(String argument) {
        return argument.contains("{{") || argument.contains("{%");
    }
}
