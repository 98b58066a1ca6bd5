package io.emrdag.deploy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One generated file to deploy.
 *
 * @param path  its key relative to the DAG folder ({@code claims_cdc_dag.py}, or {@code team/claims_cdc_dag.py}
 *              with the package layout)
 * @param kind  a DAG file, or a shared module the DAG files import
 * @param dagId the DAG it defines, or {@code null} for a shared module
 * @param contract what it shares with the other files at parse time, keyed {@code <module path>#<template>}
 *              (e.g. {@code templates.py#JOB_FLOW_OVERRIDES[large]}): for a module, each template it defines
 *              and the placeholders in it; for a DAG file, each template it fills and the values it supplies.
 *              A DAG file imports only while every template it fills exists and asks for no value it lacks.
 */
public record DeployFile(String path, byte[] content, FileKind kind, String dagId, Map<String, Set<String>> contract) {

    public DeployFile {
        Map<String, Set<String>> copy = new TreeMap<>();
        if (contract != null) {
            contract.forEach((template, names) -> copy.put(template, Collections.unmodifiableSet(new TreeSet<>(names))));
        }
        contract = Collections.unmodifiableMap(copy);
    }

    public static DeployFile of(String path, String text, String dagId) {
        return new DeployFile(path, text.getBytes(StandardCharsets.UTF_8), dagId == null ? FileKind.MODULE : FileKind.DAG, dagId, Map.of());
    }

    public DeployFile withContract(Map<String, Set<String>> newContract) {
        return new DeployFile(path, content, kind, dagId, newContract);
    }

    /**
     * Whether a DAG file with contract {@code dag} stops importing next to this module: it fills a template of
     * this module that the module no longer defines, or that now asks for a value the DAG does not supply.
     */
    boolean breaks(Map<String, Set<String>> dag) {
        String prefix = path + "#";
        for (Map.Entry<String, Set<String>> used : dag.entrySet()) {
            if (!used.getKey().startsWith(prefix)) {
                continue;
            }
            Set<String> needed = contract.get(used.getKey());
            if (needed == null || !used.getValue().containsAll(needed)) {
                return true;
            }
        }
        return false;
    }

    String sha256() {
        return ContentHash.sha256(content);
    }

    String md5() {
        return ContentHash.md5(content);
    }

    /** What a file is to Airflow; it decides the order of uploads and deletes. */
    public enum FileKind {
        /** Imported by DAG files: uploaded before them, deleted after them. */
        MODULE,
        /** Defines a DAG. */
        DAG;

        String label() {
            return this == MODULE ? "module" : "DAG";
        }
    }
}
