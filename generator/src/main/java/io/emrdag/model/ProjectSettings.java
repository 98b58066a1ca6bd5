package io.emrdag.model;

import java.time.Duration;

/**
 * Project-wide settings from {@code emrdag.yaml}.
 *
 * @param target the MWAA Airflow version the DAGs are generated for
 * @param scriptsBase S3 prefix that relative step scripts are resolved against, or {@code null}
 * @param variablePattern Airflow Variable name of a job group's runtime knobs, with {@code {job_group}}
 * @param dagIdPattern DAG id of a job group, with {@code {job_group}}
 * @param layout flat (the seed's shape) or one package folder per project
 * @param packageName the package folder in {@link Layout#PACKAGE}, else {@code null}
 * @param project the name this project's clusters are tagged with; the janitor only ends clusters with its name
 * @param janitorInterval how often the generated janitor looks for clusters whose run has ended
 * @param janitorAwsConnId the Airflow connection the janitor lists and terminates clusters with
 * @param capacity how the report and the quota checks estimate the fleet, and the account's quotas
 */
public record ProjectSettings(String target, String scriptsBase, String variablePattern, String dagIdPattern,
        Layout layout, String packageName, String project, Duration janitorInterval,
        String janitorAwsConnId, CapacitySettings capacity) {

    /** Where the shared modules live in the output folder. */
    public enum Layout {
        /** {@code templates.py} and {@code template_generator.py} beside the DAG files, as teams write them today. */
        FLAT,
        /** Everything in one sub-folder (a Python package), safe in a DAG folder shared with other teams. */
        PACKAGE
    }
}
