package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.CapacitySettings;
import io.emrdag.model.MwaaTarget;
import io.emrdag.model.ProjectSettings;
import java.time.Duration;
import java.util.List;

/**
 * Binds the project-wide keys of {@code emrdag.yaml}. The {@code defaults} and {@code clusters} sections are
 * merged under each job group by the resolver and checked there.
 */
public final class SettingsBinder {

    public static final List<String> PROJECT_KEYS = List.of("target", "scripts_base", "runtime_variable", "dag_id",
            "layout", "package", "project", "janitor", "capacity", "quotas", "defaults", "clusters", "environments");

    /** The project name when emrdag.yaml gives none. */
    public static final String DEFAULT_PROJECT = "emrdag";
    /** How often the janitor runs when emrdag.yaml does not say: half the longest a cluster may outlive its run. */
    public static final Duration DEFAULT_JANITOR_INTERVAL = Duration.ofMinutes(5);
    /** The connection job groups and the janitor use unless told otherwise: MWAA's execution role. */
    public static final String DEFAULT_AWS_CONN_ID = "aws_default";

    /** Binds {@code fields}; {@code null} (no emrdag.yaml) gives the defaults. */
    public ProjectSettings bind(Fields fields) {
        if (fields == null) {
            return new ProjectSettings(MwaaTarget.DEFAULT_VERSION, null, "emrdag_{job_group}", "{job_group}",
                    ProjectSettings.Layout.FLAT, null, DEFAULT_PROJECT, DEFAULT_JANITOR_INTERVAL, DEFAULT_AWS_CONN_ID,
                    CapacitySettings.DEFAULTS, null, null);
        }
        String target = fields.string("target", MwaaTarget.DEFAULT_VERSION);
        if (MwaaTarget.forVersion(target).isEmpty()) {
            fields.error("target", "E140", "unsupported MWAA Airflow version \"" + Diagnostic.excerpt(target) + "\"",
                    "supported: " + String.join(", ", MwaaTarget.versions()));
        }
        String scriptsBase = fields.raw("scripts_base") instanceof ScalarNode base && Scripts.malformedScheme(fields, "scripts_base", base.text())
                ? null : fields.matching("scripts_base", null, Shapes.S3_URI, "an s3:// URI",
                        Scripts.withScheme(fields.raw("scripts_base") instanceof ScalarNode base ? base.text() : null, "e.g. s3://my-bucket/spark/"));
        String variable = fields.string("runtime_variable", "emrdag_{job_group}");
        if (!Shapes.VARIABLE_NAME.matcher(variable.replace("{job_group}", "x")).matches()) {
            fields.error("runtime_variable", "E141", "not a usable Airflow Variable name pattern: \"" + Diagnostic.excerpt(variable) + "\"",
                    "use letters, digits, '_', '.', '-' and {job_group}, e.g. emr_{job_group}");
        }
        String dagId = fields.string("dag_id", "{job_group}");
        if (!dagId.contains("{job_group}")) {
            fields.error("dag_id", "E142", "the DAG id pattern must contain {job_group}, got \"" + Diagnostic.excerpt(dagId) + "\"",
                    "e.g. dag_id: emr_{job_group}");
            dagId = "{job_group}";
        } else if (!Shapes.AIRFLOW_ID.matcher(dagId.replace("{job_group}", "x")).matches()) {
            fields.error("dag_id", "E142", "the DAG id pattern gives ids Airflow refuses: \"" + Diagnostic.excerpt(dagId) + "\"",
                    "Airflow ids use letters, digits, '_', '.', '-' (at most 250), e.g. dag_id: emr_{job_group}");
            dagId = "{job_group}";
        }
        String layoutName = fields.oneOf("layout", "flat", List.of("flat", "package"));
        ProjectSettings.Layout layout = layoutName.equals("package") ? ProjectSettings.Layout.PACKAGE : ProjectSettings.Layout.FLAT;
        String packageName = fields.matching("package", null, Shapes.PYTHON_PACKAGE, "a lower-case Python package name", null);
        if (packageName != null && (Shapes.PYTHON_KEYWORDS.contains(packageName) || Shapes.RESERVED_MODULES.contains(packageName))) {
            fields.error("package", "E143", "package name '" + Diagnostic.excerpt(packageName) + "' is a Python keyword or a module the DAGs import",
                    "choose a name of your own, e.g. " + packageName + "_emr");
            packageName = null;
        }
        if (layout == ProjectSettings.Layout.PACKAGE && packageName == null && !fields.has("package")) {
            fields.missing("package", "layout: package needs a package name, e.g. package: lakehouse_emr");
        }
        if (layout == ProjectSettings.Layout.FLAT && packageName != null) {
            fields.warning("package", "W202", "'package' is ignored with layout: flat", "set layout: package to use it");
        }
        String project = fields.matching("project", DEFAULT_PROJECT, Shapes.PROJECT_NAME,
                "a project name of lower-case letters, digits, '_' and '-' (at most 64)",
                "e.g. project: lakehouse; give each Airflow environment that shares an AWS account its own name");
        Duration janitorInterval = DEFAULT_JANITOR_INTERVAL;
        String janitorConnection = DEFAULT_AWS_CONN_ID;
        Fields janitor = fields.map("janitor");
        if (janitor != null) {
            janitorInterval = janitor.duration("interval", DEFAULT_JANITOR_INTERVAL, Duration.ofMinutes(1), Duration.ofMinutes(10));
            janitorConnection = janitor.matching("aws_conn_id", DEFAULT_AWS_CONN_ID, Shapes.AIRFLOW_ID, "an Airflow connection id", null);
            janitor.finish();
        }
        CapacitySettings capacity = CapacitySettingsBinder.bind(fields.map("capacity"), fields.map("quotas"));
        fields.raw("defaults");
        fields.raw("clusters");
        fields.raw("environments");
        fields.finish();
        return new ProjectSettings(target, scriptsBase, variable, dagId, layout,
                layout == ProjectSettings.Layout.PACKAGE ? packageName : null,
                project == null ? DEFAULT_PROJECT : project, janitorInterval, janitorConnection, capacity, null, null);
    }
}
