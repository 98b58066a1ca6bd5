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
 * @param environment the environment of {@code environments} these settings are for (its overlay merged in), or
 *     {@code null} for the project as written
 * @param deployTarget the environment's {@code deploy_to} ({@code s3://...} or {@code mwaa:NAME}), or {@code null}
 */
public record ProjectSettings(String target, String scriptsBase, String variablePattern, String dagIdPattern,
        Layout layout, String packageName, String project, Duration janitorInterval,
        String janitorAwsConnId, CapacitySettings capacity, String environment, String deployTarget) {

    /** These settings for {@code environment}, which deploys to {@code deployTarget} and tags clusters with {@code project}. */
    public ProjectSettings forEnvironment(String environment, String deployTarget, String project) {
        return new ProjectSettings(target, scriptsBase, variablePattern, dagIdPattern, layout, packageName, project,
                janitorInterval, janitorAwsConnId, capacity, environment, deployTarget);
    }

    /** Where the shared modules live in the output folder. */
    public enum Layout {
        /** {@code templates.py} and {@code template_generator.py} beside the DAG files, as teams write them today. */
        FLAT,
        /** Everything in one sub-folder (a Python package), safe in a DAG folder shared with other teams. */
        PACKAGE
    }
}
