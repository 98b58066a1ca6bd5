package io.emrdag.render;

import io.emrdag.model.BootstrapAction;
import io.emrdag.model.Cluster;
import io.emrdag.model.Configuration;
import io.emrdag.model.InstanceGroup;
import io.emrdag.model.JobGroup;
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
    static Map<String, Object> runJobFlow(Cluster cluster, String project) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Name", CLUSTER_NAME);
        putIfSet(request, "LogUri", cluster.logUri());
        putIfSet(request, "ReleaseLabel", cluster.releaseLabel());
        request.put("Applications", cluster.applications().stream().map(a -> (Object) Map.of("Name", a)).toList());
        if (!cluster.configurations().isEmpty()) {
            request.put("Configurations", configurations(cluster.configurations()));
        }
        Map<String, Object> instances = new LinkedHashMap<>();
        List<Object> groups = new ArrayList<>();
        for (InstanceGroup group : cluster.instanceGroups()) {
            groups.add(instanceGroup(group));
        }
        instances.put("InstanceGroups", groups);
        putIfSet(instances, "Ec2SubnetId", cluster.subnetId());
        putIfSet(instances, "Ec2KeyName", cluster.ec2KeyName());
        // Steps are added after the cluster starts: without this the cluster would end before they arrive.
        instances.put("KeepJobFlowAliveWhenNoSteps", true);
        instances.put("TerminationProtected", false);
        request.put("Instances", instances);
        if (!cluster.bootstrapActions().isEmpty()) {
            List<Object> actions = new ArrayList<>();
            for (BootstrapAction action : cluster.bootstrapActions()) {
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
        putIfSet(request, "JobFlowRole", cluster.jobFlowRole());
        putIfSet(request, "ServiceRole", cluster.serviceRole());
        putIfSet(request, "SecurityConfiguration", cluster.securityConfiguration());
        if (cluster.stepConcurrency() != null) {
            request.put("StepConcurrencyLevel", cluster.stepConcurrency());
        }
        // Second safety net after the always-running terminate task: EMR ends an idle cluster by itself.
        request.put("AutoTerminationPolicy", Map.of("IdleTimeout", cluster.idleTimeout().toSeconds()));
        request.put("VisibleToAllUsers", true);
        List<Object> tags = new ArrayList<>();
        cluster.tags().forEach((k, v) -> tags.add(tag(k, v)));
        tags.add(tag("emrdag:job_group", JOB_GROUP));
        tags.add(tag(TAG_PROJECT, project));
        tags.add(tag("emrdag:dag_id", DAG_ID_VALUE));
        tags.add(tag("emrdag:run_id", RUN_ID_VALUE));
        request.put("Tags", tags);
        return request;
    }

    private static Map<String, Object> tag(String key, Object value) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("Key", key);
        tag.put("Value", value);
        return tag;
    }

    private static Map<String, Object> instanceGroup(InstanceGroup group) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", switch (group.role()) {
            case "MASTER" -> "Primary";
            case "CORE" -> "Core";
            default -> "Task";
        });
        out.put("InstanceRole", group.role());
        out.put("Market", group.market());
        putIfSet(out, "BidPrice", group.bidPrice());
        out.put("InstanceType", new Placeholder(typeKnob(group)));
        out.put("InstanceCount", new Placeholder(countKnob(group)));
        if (group.ebs() != null) {
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("VolumeType", group.ebs().volumeType());
            volume.put("SizeInGB", group.ebs().sizeGb());
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("VolumeSpecification", volume);
            device.put("VolumesPerInstance", group.ebs().volumesPerInstance());
            out.put("EbsConfiguration", Map.of("EbsBlockDeviceConfigs", List.of(device)));
        }
        return out;
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

    /** The knob defaults of a job group: knob name → value baked into the DAG. */
    static Map<String, Object> knobDefaults(Cluster cluster) {
        Map<String, Object> knobs = new LinkedHashMap<>();
        for (InstanceGroup group : cluster.instanceGroups()) {
            knobs.put(typeKnob(group), group.instanceType());
            knobs.put(countKnob(group), group.instanceCount());
        }
        return knobs;
    }

    /** The spark-submit command line of a step, as EMR's command-runner receives it. */
    static List<Object> sparkSubmitArgs(JobGroup jobGroup, Step step) {
        List<Object> args = new ArrayList<>();
        args.add("spark-submit");
        args.add("--deploy-mode");
        args.add(step.deployMode());
        args.addAll(step.sparkSubmitArgs());
        step.sparkConf().forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        args.add(step.script());
        if (step.jobGroupArg()) {
            args.add("--job_group");
            args.add(jobGroup.id());
        }
        for (String arg : step.args()) {
            args.add(Step.isTemplate(arg) ? new PythonLiteral.Jinja("{{ text(" + JinjaString.quote(arg) + ") }}") : arg);
        }
        return args;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
