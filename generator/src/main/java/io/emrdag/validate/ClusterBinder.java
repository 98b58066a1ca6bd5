package io.emrdag.validate;

import io.emrdag.capacity.InstanceTypes;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.BootstrapAction;
import io.emrdag.model.Cluster;
import io.emrdag.model.Configuration;
import io.emrdag.model.Ebs;
import io.emrdag.model.InstanceFleet;
import io.emrdag.model.InstanceGroup;
import io.emrdag.model.ManagedScaling;
import io.emrdag.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a {@code cluster:} mapping (a job group's, after defaults and profile are merged, or a profile's).
 * A profile may leave the instance types to its job groups; a job group must end up with all of them.
 */
public final class ClusterBinder {

    /** Compiled once, not per cluster bound. */
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern BID_PRICE = Pattern.compile("\\d+(\\.\\d+)?");


    private final Scripts.Base scriptsBase;
    private final InstanceTypes instanceTypes;

    /** @param instanceTypes the types EMR offers, with those {@code capacity.instance_vcpus} adds (E115) */
    ClusterBinder(Scripts.Base scriptsBase, InstanceTypes instanceTypes) {
        this.scriptsBase = scriptsBase;
        this.instanceTypes = instanceTypes;
    }

    /**
     * @param fields the merged mapping; {@code null} means no cluster settings at all
     * @param forJobGroup whether knob values (instance types) are required
     */
    public Cluster bind(Fields fields, String profile, boolean forJobGroup) {
        return bind(fields, profile, forJobGroup, forJobGroup);
    }

    /**
     * @param coreRequired whether a job group must say what its core nodes are: false when its raw
     *     {@code job_flow_overrides} replace the instance list (then a cluster without {@code core} is primary-only)
     */
    public Cluster bind(Fields fields, String profile, boolean forJobGroup, boolean coreRequired) {
        if (fields == null) {
            return null;
        }
        fields.raw("profile");
        // How the cluster is had (ClusterModeBinder); a profile may not say (ProjectBinder).
        fields.raw(ClusterModeBinder.MODE);
        fields.raw(ClusterModeBinder.CLUSTER_ID);
        String name = fields.string("name", null);
        String releaseLabel = fields.matching("release_label", null, Shapes.RELEASE_LABEL, "an EMR release label like emr-7.5.0",
                "see the EMR release guide for valid labels");
        if (releaseLabel == null && forJobGroup && !fields.has("release_label")) {
            fields.missing("release_label", "set it in the cluster profile, in emrdag.yaml 'defaults.cluster', or here");
        }
        List<String> applications = fields.strings("applications", List.of("Spark"));
        boolean fleetShape = fields.has("fleets");
        if (fleetShape) {
            List<String> clashing = GROUP_KEYS.stream().filter(fields::has).toList();
            if (!clashing.isEmpty()) {
                fields.error("fleets", "E180", "a cluster runs on instance groups or on instance fleets, never both: 'fleets' and '"
                        + String.join("', '", clashing) + "' are set together",
                        "keep 'fleets' (then the groups' settings go under fleets.<role>) or remove 'fleets'; a job group that"
                                + " sets fleets replaces the groups of its profile by itself");
            }
        }
        List<InstanceFleet> fleets = FleetBinder.bind(fields, forJobGroup, coreRequired, instanceTypes);
        InstanceGroup master = fleetShape ? null : group(fields, "master", "MASTER", 1, true, forJobGroup);
        boolean primaryOnly = !fleetShape && (removed(fields, "core") || !coreRequired && !fields.has("core"));
        InstanceGroup core = fleetShape || primaryOnly ? null : group(fields, "core", "CORE", 2, true, forJobGroup);
        InstanceGroup task = fleetShape ? null : group(fields, "task", "TASK", 1, false, forJobGroup);
        if (primaryOnly && task != null) {
            taskWithoutCore(fields, "group");
        }
        ManagedScaling scaling = managedScaling(fields, fleetShape);
        Duration idleTimeout = fields.duration("idle_timeout", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
        // Jinja in the log URI is rendered when create_cluster runs (a raw LogUri override renders the same way).
        Node rawLogUri = fields.raw("log_uri");
        String logUri = rawLogUri instanceof ScalarNode uri && Step.isTemplate(uri.text()) ? fields.string("log_uri", null)
                : rawLogUri instanceof ScalarNode uri && Scripts.malformedScheme(fields, "log_uri", uri.text()) ? null
                : fields.matching("log_uri", null, Shapes.EMR_S3_URI, "an s3:// URI",
                        Scripts.withScheme(rawLogUri instanceof ScalarNode uri ? uri.text() : null, null));
        s3aReadByEmr(fields, "log_uri", logUri, "LogUri");
        String serviceRole = fields.string("service_role", "EMR_DefaultRole");
        String jobFlowRole = fields.string("job_flow_role", "EMR_EC2_DefaultRole");
        String subnetId = fields.matching("subnet_id", null, SUBNET_ID, "a subnet id like subnet-0abc1234", null);
        String keyName = fields.string("ec2_key_name", null);
        String securityConfiguration = fields.string("security_configuration", null);
        Integer stepConcurrency = fields.has("step_concurrency") ? fields.integer("step_concurrency", 1, 1, 256) : null;
        Map<String, String> tags = fields.stringMap("tags");
        tagLimits(fields);
        List<Configuration> configurations = configurations(fields, "configurations");
        List<BootstrapAction> bootstrap = new ArrayList<>();
        for (Fields action : fields.maps("bootstrap_actions")) {
            String actionName = action.requiredString("name", "give the bootstrap action a name");
            String script = Scripts.resolve(action, "script", scriptsBase);
            s3aReadByEmr(action, "script", script, "a bootstrap action's Path");
            bootstrap.add(new BootstrapAction(actionName, script, action.strings("args", List.of())));
            action.finish();
        }
        if (fleetShape) {
            GROUP_KEYS.forEach(fields::raw);
        }
        fields.finish();
        if (fleetShape ? fleets.isEmpty() : master == null || core == null && !primaryOnly) {
            return null;
        }
        return new Cluster(profile, name, new Cluster.Software(releaseLabel, applications, configurations, bootstrap),
                new Cluster.Nodes(master, core, task, fleets, scaling),
                new Cluster.Access(serviceRole, jobFlowRole, subnetId, keyName, securityConfiguration),
                new Cluster.Operation(idleTimeout, logUri, stepConcurrency), tags);
    }

    /**
     * Reports (E115) an instance type EMR does not offer: EMR refuses the whole RunJobFlow request, which a transient
     * cluster makes only when the DAG runs. A type newer than emrdag's table is named in {@code capacity.instance_vcpus}.
     */
    static void knownType(Fields fields, String type, InstanceTypes known) {
        if (type == null || known.vcpus(type).isPresent()) {
            return;
        }
        String hint = CapacityChecks.hint(type, known);
        fields.error("instance_type", "E115", "unknown instance type '" + Diagnostic.excerpt(type) + "': it is not among the types"
                + " EMR offers (emrdag's table), and EMR refuses a request that names one",
                hint.startsWith("did you mean") ? hint + " (a type newer than emrdag's table: capacity: {instance_vcpus: {"
                        + Diagnostic.excerpt(type) + ": VCPUS}} in emrdag.yaml)" : hint);
    }

    /** Whether {@code key} is written as null: a layer removes what a lower one (a profile, 'defaults') set. */
    static boolean removed(Fields fields, String key) {
        return fields.isWritten(key) && !fields.has(key);
    }

    /** EMR runs task nodes only beside core nodes: a primary-only cluster has no task group or fleet. */
    static void taskWithoutCore(Fields fields, String shape) {
        fields.error("task", "E253", "a task " + shape + " needs a core " + shape + " beside it, and this cluster is primary-only"
                        + " (no core " + shape + ")",
                "give the cluster a core " + shape + ", or drop the task " + shape + " (task: null) to run on the primary node alone");
    }

    /**
     * A warning for an {@code s3a://} location that EMR itself reads or writes (not Hadoop on the cluster): EMR documents
     * {@code s3://} there and reports log URIs as {@code s3n://}; {@code s3a://} is Hadoop's connector scheme, taken by
     * EMR's file system on the cluster (EMR release guide, "Work with storage and file systems"; from emr-7.10.0 S3A
     * serves s3://, s3n:// and s3a:// alike), which is why scripts and JARs of steps may use it without a warning.
     */
    static void s3aReadByEmr(Fields fields, String key, String uri, String what) {
        if (uri != null && uri.startsWith("s3a://")) {
            fields.warning(key, "W250", "s3a:// is the scheme of Hadoop's S3 connector, and " + what + " is read or written by EMR"
                    + " itself, whose documentation gives s3:// here (and s3n://, how EMR reports a log URI)",
                    "write s3://" + Diagnostic.excerpt(uri.substring("s3a://".length())) + " (the same S3 location)");
        }
    }

    /** The keys of the instance-group shape; {@code fleets} is the other shape. */
    static final List<String> GROUP_KEYS = List.of("master", "core", "task");
    static final List<String> SCALING_UNITS = List.of("Instances", "InstanceFleetUnits", "VCPU");

    /**
     * Binds {@code managed_scaling}. Its unit follows the cluster's shape (instances for groups, the fleets' weighted
     * units for fleets) unless set; EMR refuses limits out of order or a unit of the other shape.
     */
    private static ManagedScaling managedScaling(Fields cluster, boolean fleets) {
        Fields fields = cluster.map("managed_scaling");
        if (fields == null) {
            return null;
        }
        String unit = fields.oneOf("unit_type", fleets ? "InstanceFleetUnits" : "Instances", SCALING_UNITS);
        if (fleets ? unit.equals("Instances") : unit.equals("InstanceFleetUnits")) {
            fields.error("unit_type", "E186", "unit_type " + unit + " is for clusters on instance " + (fleets ? "groups" : "fleets")
                    + ", and this one runs on instance " + (fleets ? "fleets" : "groups"),
                    "use " + (fleets ? "InstanceFleetUnits" : "Instances") + " or VCPU, or leave unit_type out");
        }
        if (!fields.has("minimum_capacity")) {
            fields.missing("minimum_capacity", "the fewest units EMR scales down to, e.g. minimum_capacity: 2");
        }
        if (!fields.has("maximum_capacity")) {
            fields.missing("maximum_capacity", "the most units EMR scales up to, e.g. maximum_capacity: 20");
        }
        int minimum = fields.integer("minimum_capacity", 1, 1, 100_000);
        int maximum = fields.integer("maximum_capacity", Math.max(minimum, 1), 1, 100_000);
        Integer onDemand = fields.has("maximum_on_demand_capacity") ? fields.integer("maximum_on_demand_capacity", maximum, 0, 100_000) : null;
        Integer core = fields.has("maximum_core_capacity") ? fields.integer("maximum_core_capacity", maximum, 1, 100_000) : null;
        scalingOrder(fields, "maximum_capacity", minimum <= maximum, "minimum_capacity " + minimum + " is above maximum_capacity " + maximum);
        scalingOrder(fields, "maximum_on_demand_capacity", onDemand == null || onDemand <= maximum,
                "maximum_on_demand_capacity " + onDemand + " is above maximum_capacity " + maximum);
        scalingOrder(fields, "maximum_core_capacity", core == null || core <= maximum,
                "maximum_core_capacity " + core + " is above maximum_capacity " + maximum);
        fields.finish();
        return new ManagedScaling(unit, minimum, maximum, onDemand, core);
    }

    private static void scalingOrder(Fields fields, String key, boolean ok, String message) {
        if (!ok) {
            fields.error(key, "E185", "managed scaling limits out of order: " + message,
                    "EMR refuses the cluster: keep minimum ≤ maximum, and the on-demand and core limits ≤ maximum");
        }
    }

    /** EMR's own tag limit: 128 characters and 256 characters; refused at RunJobFlow otherwise. */
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;

    /**
     * Cluster tags EMR would refuse when the cluster is created, at run time: keys over 128 characters or in the
     * reserved {@code aws:} namespace, the {@code emrdag:job_group} key emrdag sets itself, values over 256 characters.
     */
    private static void tagLimits(Fields fields) {
        if (!(fields.raw("tags") instanceof MapNode map)) {
            return;
        }
        for (MapNode.Member member : map.members().values()) {
            String path = fields.pathOf("tags") + "." + member.key();
            String key = member.key();
            if (key.length() > MAX_TAG_KEY || key.toLowerCase(Locale.ROOT).startsWith("aws:") || key.equals("emrdag:job_group")) {
                fields.diagnostics().error("E103", member.keyLocation(), path, "expected an EMR tag key of 1 to " + MAX_TAG_KEY
                        + " characters, not starting with 'aws:' and not 'emrdag:job_group', got '" + Diagnostic.excerpt(key) + "'",
                        "EMR refuses the cluster otherwise; 'emrdag:job_group' is set by emrdag");
            }
            if (member.value() instanceof ScalarNode value && value.text().length() > MAX_TAG_VALUE) {
                fields.diagnostics().error("E103", value.location(), path, "expected an EMR tag value of at most " + MAX_TAG_VALUE
                        + " characters, got " + value.text().length(), "EMR refuses the cluster otherwise");
            }
        }
    }

    private InstanceGroup group(Fields cluster, String key, String role, int defaultCount, boolean always,
            boolean forJobGroup) {
        Fields fields = cluster.map(key);
        if (fields == null) {
            if (!always) {
                return null;
            }
            if (cluster.has(key)) {
                return null;
            }
            if (forJobGroup) {
                cluster.missing(key, "give the " + key + " group an instance_type, e.g. '" + key + ": {instance_type: m5.xlarge}'");
            }
            return new InstanceGroup(role, null, defaultCount, "ON_DEMAND", null, null);
        }
        String type = fields.matching("instance_type", null, Shapes.INSTANCE_TYPE, "an EC2 instance type like m5.xlarge", null);
        if (type == null && forJobGroup && !fields.has("instance_type")) {
            fields.missing("instance_type", "e.g. instance_type: m5.xlarge");
        }
        knownType(fields, type, instanceTypes);
        int count = fields.integer("instance_count", defaultCount, role.equals("TASK") ? 0 : 1, 1000);
        if (role.equals("MASTER") && count != 1 && count != 3) {
            fields.error("instance_count", "E106", "the master group has 1 or 3 instances, got " + count,
                    "use 3 only for a high-availability cluster");
        }
        String market = fields.oneOf("market", "ON_DEMAND", Shapes.MARKETS);
        String bidPrice = fields.matching("bid_price", null, BID_PRICE, "a price in USD like 0.35", null);
        if (bidPrice != null && !"SPOT".equals(market)) {
            fields.error("bid_price", "E110", "bid_price is only used with market: SPOT", "remove bid_price or set market: SPOT");
        }
        Ebs ebs = ebs(fields);
        fields.finish();
        return new InstanceGroup(role, type, count, market, bidPrice, ebs);
    }

    /** The {@code ebs} volumes of an instance group or a fleet's instance type; {@code null} when absent. */
    static Ebs ebs(Fields parent) {
        Fields fields = parent.map("ebs");
        if (fields == null) {
            return null;
        }
        Ebs ebs = new Ebs(fields.integer("size_gb", 64, 1, 16384), fields.oneOf("volume_type", "gp3", Shapes.VOLUME_TYPES),
                fields.integer("volumes_per_instance", 1, 1, 25));
        fields.finish();
        return ebs;
    }

    private static List<Configuration> configurations(Fields fields, String key) {
        List<Configuration> out = new ArrayList<>();
        for (Fields item : fields.maps(key)) {
            String classification = item.requiredString("classification", "e.g. classification: spark-defaults");
            Map<String, String> properties = item.stringMap("properties");
            List<Configuration> nested = configurations(item, "configurations");
            item.finish();
            if (classification != null) {
                out.add(new Configuration(classification, properties, nested));
            }
        }
        return out;
    }
}
