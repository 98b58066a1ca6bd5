package io.emrdag.render;

import io.emrdag.model.BootstrapAction;
import io.emrdag.model.Cluster;
import io.emrdag.model.Configuration;
import io.emrdag.model.Ebs;
import io.emrdag.model.FleetInstanceType;
import io.emrdag.model.InstanceFleet;
import io.emrdag.model.InstanceGroup;
import io.emrdag.model.JobGroup;
import io.emrdag.model.ManagedScaling;
import io.emrdag.model.NativeTemplate;
import io.emrdag.model.Step;
import io.emrdag.render.PythonLiteral.Placeholder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds EMR API request trees (RunJobFlow, the Spark step) from the model. Runtime knobs and per-job-group
 * identity are {@link Placeholder}s, so that a profile's request is a template shared by its job groups and
 * a job group only states where it differs.
 */
final class EmrRequests {

    static final Placeholder CLUSTER_NAME = new Placeholder("cluster_name");
    static final Placeholder JOB_GROUP = new Placeholder("job_group");
    static final String KEEP_ALIVE = "KeepJobFlowAliveWhenNoSteps";

    private EmrRequests() {
    }

    static String typeKnob(InstanceGroup group) {
        return group.knobPrefix() + "_instance_type";
    }

    static String countKnob(InstanceGroup group) {
        return group.knobPrefix() + "_instance_count";
    }

    /**
     * Tags that tie a cluster to its project and DAG run: the terminate task, the failure callback and the
     * janitor find a run's clusters by them. The DAG id and run id are rendered when create_cluster runs;
     * {@code tojson} keeps an id that looks like a number a string under native rendering.
     */
    static final String TAG_PROJECT = "emrdag:project";
    static final PythonLiteral.Jinja DAG_ID_VALUE = new PythonLiteral.Jinja("{{ dag.dag_id | tojson }}");
    static final PythonLiteral.Jinja RUN_ID_VALUE = new PythonLiteral.Jinja("{{ run_id | tojson }}");

    /** The RunJobFlow request of {@code cluster} in {@code project}, knobs as placeholders. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runJobFlow(Cluster cluster, String project) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Name", CLUSTER_NAME);
        putIfSet(request, "LogUri", cluster.operation().logUri());
        putIfSet(request, "ReleaseLabel", cluster.software().releaseLabel());
        request.put("Applications", cluster.software().applications().stream().map(a -> (Object) Map.of("Name", a)).toList());
        if (!cluster.software().configurations().isEmpty()) {
            request.put("Configurations", configurations(cluster.software().configurations()));
        }
        Map<String, Object> instances = new LinkedHashMap<>();
        if (cluster.usesFleets()) {
            instances.put(INSTANCE_FLEETS, cluster.nodes().fleets().stream().map(EmrRequests::instanceFleet).toList());
        } else {
            instances.put(INSTANCE_GROUPS, cluster.instanceGroups().stream().map(EmrRequests::instanceGroup).toList());
        }
        putIfSet(instances, "Ec2SubnetId", cluster.access().subnetId());
        putIfSet(instances, "Ec2KeyName", cluster.access().ec2KeyName());
        // Steps are added after the cluster starts: without this the cluster would end before they arrive.
        instances.put(KEEP_ALIVE, true);
        instances.put("TerminationProtected", false);
        request.put("Instances", instances);
        if (!cluster.software().bootstrapActions().isEmpty()) {
            List<Object> actions = new ArrayList<>();
            for (BootstrapAction action : cluster.software().bootstrapActions()) {
                Map<String, Object> script = new LinkedHashMap<>();
                script.put("Path", action.script());
                script.put("Args", List.copyOf(action.args()));
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("Name", action.name());
                item.put("ScriptBootstrapAction", script);
                actions.add(item);
            }
            request.put("BootstrapActions", actions);
        }
        putIfSet(request, "JobFlowRole", cluster.access().jobFlowRole());
        putIfSet(request, "ServiceRole", cluster.access().serviceRole());
        putIfSet(request, "SecurityConfiguration", cluster.access().securityConfiguration());
        if (cluster.operation().stepConcurrency() != null) {
            request.put("StepConcurrencyLevel", cluster.operation().stepConcurrency());
        }
        if (cluster.nodes().managedScaling() != null) {
            request.put("ManagedScalingPolicy", managedScalingPolicy(cluster.nodes().managedScaling()));
        }
        // Second safety net after the always-running terminate task: EMR ends an idle cluster by itself.
        request.put("AutoTerminationPolicy", Map.of("IdleTimeout", cluster.operation().idleTimeout().toSeconds()));
        request.put("VisibleToAllUsers", true);
        List<Object> tags = new ArrayList<>();
        cluster.tags().forEach((k, v) -> tags.add(tag(k, v)));
        tags.add(tag("emrdag:job_group", JOB_GROUP));
        tags.add(tag(TAG_PROJECT, project));
        tags.add(tag("emrdag:dag_id", DAG_ID_VALUE));
        tags.add(tag("emrdag:run_id", RUN_ID_VALUE));
        request.put("Tags", tags);
        return (Map<String, Object>) rendered(request);
    }

    /**
     * {@code node} as Airflow renders it in a templated field: a string with Jinja through the {@code text} macro, so
     * that it renders exactly as without native rendering and stays a string; a template in a number or boolean field
     * as written, so that native rendering types it. Strings without Jinja are left as they are (written protected).
     */
    static Object rendered(Object node) {
        if (node instanceof String s) {
            return templated(s);
        }
        if (node instanceof NativeTemplate t) {
            return new PythonLiteral.Jinja(t.source());
        }
        // A tree without templates (most requests) is returned as it is, not copied.
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object value = rendered(e.getValue());
                if (value != e.getValue() && out == null) {
                    out = new LinkedHashMap<>(map);
                }
                if (out != null) {
                    out.put(e.getKey(), value);
                }
            }
            return out == null ? node : out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = null;
            for (int i = 0; i < list.size(); i++) {
                Object value = rendered(list.get(i));
                if (value != list.get(i) && out == null) {
                    out = new ArrayList<>(list);
                }
                if (out != null) {
                    out.set(i, value);
                }
            }
            return out == null ? node : out;
        }
        return node;
    }

    private static Map<String, Object> tag(String key, Object value) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("Key", key);
        tag.put("Value", value);
        return tag;
    }

    static final String INSTANCE_GROUPS = "InstanceGroups";
    static final String INSTANCE_FLEETS = "InstanceFleets";

    private static String roleName(String role) {
        return switch (role) {
            case "MASTER" -> "Primary";
            case "CORE" -> "Core";
            default -> "Task";
        };
    }

    private static Map<String, Object> instanceGroup(InstanceGroup group) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", roleName(group.role()));
        out.put("InstanceRole", group.role());
        out.put("Market", group.market());
        putIfSet(out, "BidPrice", group.bidPrice());
        out.put("InstanceType", new Placeholder(typeKnob(group)));
        out.put("InstanceCount", new Placeholder(countKnob(group)));
        putIfSet(out, "EbsConfiguration", ebsConfiguration(group.ebs()));
        return out;
    }

    private static Map<String, Object> ebsConfiguration(Ebs ebs) {
        if (ebs == null) {
            return null;
        }
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("VolumeType", ebs.volumeType());
        volume.put("SizeInGB", ebs.sizeGb());
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("VolumeSpecification", volume);
        device.put("VolumesPerInstance", ebs.volumesPerInstance());
        return Map.of("EbsBlockDeviceConfigs", List.of(device));
    }

    /** The knob of a fleet's on-demand target capacity; the primary fleet has none (its capacity is always 1). */
    static String onDemandKnob(InstanceFleet fleet) {
        return fleet.knobPrefix() + "_on_demand_capacity";
    }

    static String spotKnob(InstanceFleet fleet) {
        return fleet.knobPrefix() + "_spot_capacity";
    }

    private static boolean hasKnobs(InstanceFleet fleet) {
        return !fleet.role().equals("MASTER");
    }

    private static Map<String, Object> instanceFleet(InstanceFleet fleet) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", roleName(fleet.role()));
        out.put("InstanceFleetType", fleet.role());
        out.put("TargetOnDemandCapacity", hasKnobs(fleet) ? new Placeholder(onDemandKnob(fleet)) : fleet.onDemandCapacity());
        out.put("TargetSpotCapacity", hasKnobs(fleet) ? new Placeholder(spotKnob(fleet)) : fleet.spotCapacity());
        List<Object> types = new ArrayList<>();
        for (FleetInstanceType type : fleet.instanceTypes()) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("InstanceType", type.instanceType());
            config.put("WeightedCapacity", type.weightedCapacity());
            putIfSet(config, "BidPrice", type.bidPrice());
            putIfSet(config, "BidPriceAsPercentageOfOnDemandPrice", type.bidPricePercent());
            putIfSet(config, "EbsConfiguration", ebsConfiguration(type.ebs()));
            types.add(config);
        }
        out.put("InstanceTypeConfigs", types);
        Map<String, Object> launch = new LinkedHashMap<>();
        if (fleet.hasSpotSpecification()) {
            Map<String, Object> spot = new LinkedHashMap<>();
            spot.put("TimeoutDurationMinutes", fleet.spotTimeout().toMinutes());
            spot.put("TimeoutAction", fleet.spotTimeoutAction());
            spot.put("AllocationStrategy", fleet.spotAllocationStrategy());
            launch.put("SpotSpecification", spot);
        }
        if (fleet.onDemandAllocationStrategy() != null) {
            launch.put("OnDemandSpecification", Map.of("AllocationStrategy", fleet.onDemandAllocationStrategy()));
        }
        if (!launch.isEmpty()) {
            out.put("LaunchSpecifications", launch);
        }
        return out;
    }

    /** Managed scaling's knobs, in request order; the on-demand and core limits only when set. */
    private static Map<String, Integer> scalingKnobs(ManagedScaling scaling) {
        Map<String, Integer> knobs = new LinkedHashMap<>();
        knobs.put("scaling_minimum_capacity", scaling.minimumCapacity());
        knobs.put("scaling_maximum_capacity", scaling.maximumCapacity());
        if (scaling.maximumOnDemandCapacity() != null) {
            knobs.put("scaling_maximum_on_demand_capacity", scaling.maximumOnDemandCapacity());
        }
        if (scaling.maximumCoreCapacity() != null) {
            knobs.put("scaling_maximum_core_capacity", scaling.maximumCoreCapacity());
        }
        return knobs;
    }

    private static final Map<String, String> SCALING_LIMITS = Map.of(
            "scaling_minimum_capacity", "MinimumCapacityUnits",
            "scaling_maximum_capacity", "MaximumCapacityUnits",
            "scaling_maximum_on_demand_capacity", "MaximumOnDemandCapacityUnits",
            "scaling_maximum_core_capacity", "MaximumCoreCapacityUnits");

    private static Map<String, Object> managedScalingPolicy(ManagedScaling scaling) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("UnitType", scaling.unitType());
        scalingKnobs(scaling).keySet().forEach(knob -> limits.put(SCALING_LIMITS.get(knob), new Placeholder(knob)));
        return Map.of("ComputeLimits", limits);
    }

    private static List<Object> configurations(List<Configuration> configurations) {
        List<Object> out = new ArrayList<>();
        for (Configuration configuration : configurations) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Classification", configuration.classification());
            item.put("Properties", new LinkedHashMap<String, Object>(configuration.properties()));
            if (!configuration.configurations().isEmpty()) {
                item.put("Configurations", configurations(configuration.configurations()));
            }
            out.add(item);
        }
        return out;
    }

    /**
     * The knob defaults of a cluster: knob name → value baked into the DAG. An instance group's type and count, a
     * fleet's target capacities (core and task), managed scaling's limits.
     */
    static Map<String, Object> knobDefaults(Cluster cluster) {
        Map<String, Object> knobs = new LinkedHashMap<>();
        for (InstanceGroup group : cluster.instanceGroups()) {
            knobs.put(typeKnob(group), group.instanceType());
            knobs.put(countKnob(group), group.instanceCount());
        }
        cluster.nodes().fleets().stream().filter(EmrRequests::hasKnobs).forEach(fleet -> {
            knobs.put(onDemandKnob(fleet), fleet.onDemandCapacity());
            knobs.put(spotKnob(fleet), fleet.spotCapacity());
        });
        if (cluster.nodes().managedScaling() != null) {
            knobs.putAll(scalingKnobs(cluster.nodes().managedScaling()));
        }
        return knobs;
    }

    /** The arguments {@code command-runner.jar} gets: the {@code spark-submit} command line, or the command itself. */
    static List<Object> commandRunnerArgs(JobGroup jobGroup, Step step) {
        List<Object> args = new ArrayList<>();
        if (step.kind() == Step.Kind.COMMAND) {
            step.command().forEach(arg -> args.add(templated(arg)));
            return args;
        }
        args.add("spark-submit");
        args.add("--deploy-mode");
        args.add(step.spark().deployMode());
        args.addAll(step.spark().sparkSubmitArgs());
        step.spark().sparkConf().forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        if (step.spark().mainClass() != null) {
            args.add("--class");
            args.add(step.spark().mainClass());
        }
        args.add(step.spark().script());
        if (step.spark().jobGroupArg()) {
            args.add("--job_group");
            args.add(jobGroup.id());
        }
        step.spark().args().forEach(args::add);
        // The steps field is templated as a whole: Jinja in the script, the Spark settings or an argument renders alike.
        return args.stream().map(arg -> arg instanceof String text ? templated(text) : arg).toList();
    }

    /** A string of a templated field as the DAG passes it: an Airflow template through the {@code text} macro, else as written. */
    static Object templated(String arg) {
        return Step.isTemplate(arg) ? new PythonLiteral.Jinja("{{ text(" + JinjaString.quote(arg) + ") }}") : arg;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
