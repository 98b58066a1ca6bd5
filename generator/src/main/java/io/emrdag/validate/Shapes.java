package io.emrdag.validate;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The shapes metadata values must have, in one place so that messages and checks agree. */
public final class Shapes {

    private Shapes() {
    }

    /** A job-group id becomes a Python module name ({@code <id>_dag.py}) and a DAG id. */
    public static final Pattern JOB_GROUP_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Step names become task ids ({@code watch_<name>}). */
    public static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_]{1,200}");
    /** Airflow's rule for DAG and task ids. */
    public static final Pattern AIRFLOW_ID = Pattern.compile("[A-Za-z0-9_.-]{1,250}");
    public static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    public static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/\\S*)?");
    /**
     * An S3 location as EMR takes it in a request: s3://, or the Hadoop schemes s3n:// and s3a://, which EMR's file
     * system serves on the cluster like s3:// (EMR release guide, "Work with storage and file systems": "Previously,
     * Amazon EMR used the s3n and s3a file systems. While both still work, we recommend that you use the s3 URI
     * scheme"; DescribeCluster reports LogUri as s3n://). Hand-written DAGs send all three.
     */
    public static final Pattern EMR_S3_URI = Pattern.compile("s3[na]?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/\\S*)?");
    /** The scheme of an {@link #EMR_S3_URI}. */
    public static final Pattern EMR_S3_SCHEME = Pattern.compile("s3[na]?://");
    /** An EMR step's Name: 1 to 256 characters of XML text (EMR's XmlStringMaxLen256: no control characters but tab and line ends). */
    public static final Pattern EMR_STEP_NAME = Pattern.compile("[\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]{1,256}");
    /** An IAM role ARN, as EMR takes a runtime role (AddJobFlowSteps' ExecutionRoleArn). */
    public static final Pattern IAM_ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    public static final Pattern RELEASE_LABEL = Pattern.compile("emr-\\d+\\.\\d+\\.\\d+");
    public static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    public static final Pattern PYTHON_PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*");
    /** A project name: it becomes an EMR tag value and part of the janitor's DAG id. */
    public static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,250}");

    public static final List<String> MARKETS = List.of("ON_DEMAND", "SPOT");
    public static final List<String> ACTIONS_ON_FAILURE = List.of("CANCEL_AND_WAIT", "CONTINUE", "TERMINATE_CLUSTER");
    public static final List<String> VOLUME_TYPES = List.of("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard");
    public static final List<String> SENSOR_MODES = List.of("reschedule", "poke", "deferrable");
    public static final List<String> DEPLOY_MODES = List.of("cluster", "client");
    public static final List<String> SCHEDULE_PRESETS = List.of("@once", "@continuous", "@hourly", "@daily",
            "@weekly", "@monthly", "@quarterly", "@yearly", "@annually", "@midnight");

    /** Python keywords: an id equal to one would not be importable as a module name part. */
    public static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");

    /** Modules the generated files import or that MWAA's DAG folder needs; a package must not shadow them. */
    public static final Set<String> RESERVED_MODULES = Set.of("airflow", "pendulum", "jinja2", "json", "re", "datetime",
            "templates", "template_generator", "boto3", "botocore", "plugins", "dags");

    /** Members of EMR's RunJobFlow request that the raw {@code job_flow_overrides} may set. */
    public static final List<String> RUN_JOB_FLOW_KEYS = List.of("AdditionalInfo", "AmiVersion", "Applications",
            "AutoScalingRole", "AutoTerminationPolicy", "BootstrapActions", "Configurations", "CustomAmiId",
            "EbsRootVolumeIops", "EbsRootVolumeSize", "EbsRootVolumeThroughput", "ExtendedSupport", "Instances",
            "JobFlowRole", "KerberosAttributes", "LogEncryptionKmsKeyId", "LogUri", "ManagedScalingPolicy", "Name",
            "NewSupportedProducts", "OSReleaseLabel", "PlacementGroupConfigs", "ReleaseLabel", "RepoUpgradeOnBoot",
            "ScaleDownBehavior", "SecurityConfiguration", "ServiceRole", "StepConcurrencyLevel", "SupportedProducts",
            "Tags", "VisibleToAllUsers");
}
