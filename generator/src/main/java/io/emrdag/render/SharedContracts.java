package io.emrdag.render;

import io.emrdag.model.JobGroup;
import io.emrdag.model.Project;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the generated files share at parse time, for the deployer's "never a broken moment" ordering:
 * {@code templates.py} defines one template per profile plus the Spark step, each with its placeholders;
 * each DAG file fills one profile template and the step template with its values. A DAG file imports next
 * to a {@code templates.py} only if every template it fills is there and asks for nothing it does not supply
 * ({@code fill()} raises on a missing placeholder value).
 */
public final class SharedContracts {

    private SharedContracts() {
    }

    /**
     * The contract of every generated file that has one, by path relative to the project's root, with
     * template keys {@code <modulePath>#<template>} (e.g. {@code templates.py#JOB_FLOW_OVERRIDES[large]}).
     *
     * @param templatesPath where {@code templates.py} is deployed ({@code templates.py} or {@code pkg/templates.py})
     */
    public static Map<String, Map<String, Set<String>>> of(Project project, String templatesPath) {
        Map<String, Map<String, Set<String>>> contracts = new TreeMap<>();
        Map<String, Set<String>> defined = new TreeMap<>();
        project.profiles().forEach((name, cluster) ->
                defined.put(key(templatesPath, profileTemplate(name)), ClusterFill.placeholders(EmrRequests.runJobFlow(cluster, project.settings().naming().project()))));
        defined.put(key(templatesPath, "SPARK_STEP"), ClusterFill.placeholders(DagRenderer.sparkStepTemplate()));
        contracts.put(DagRenderer.TEMPLATES, defined);
        for (JobGroup group : project.jobGroups()) {
            Map<String, Set<String>> fills = new TreeMap<>();
            if (group.emr().clusterMode().createsCluster()) {
                fills.put(key(templatesPath, profileTemplate(group.emr().cluster().profile())), new TreeSet<>(ClusterFill.of(project, group).values().keySet()));
            }
            if (!group.emr().steps().isEmpty()) {
                fills.put(key(templatesPath, "SPARK_STEP"), new TreeSet<>(DagRenderer.stepValues(group, group.emr().steps().get(0)).keySet()));
            }
            contracts.put(DagRenderer.dagFileName(group), fills);
        }
        return contracts;
    }

    private static String profileTemplate(String profile) {
        return "JOB_FLOW_OVERRIDES[" + profile + "]";
    }

    private static String key(String templatesPath, String template) {
        return templatesPath + "#" + template;
    }
}
