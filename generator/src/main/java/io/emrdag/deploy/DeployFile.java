package io.emrdag.deploy;

import io.emrdag.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One generated file to deploy.
 *
 * <p>A value with the accessors of a record; a class only so that it can keep its two digests once computed
 * (a deploy needs them several times: both plans, the manifest, the uploads' checks).
 */
public final class DeployFile {

    private final String path;
    private final byte[] content;
    private final FileKind kind;
    private final String dagId;
    private final Map<String, Set<String>> contract;
    private volatile String sha256;
    private volatile String md5;

    /**
     * One file.
     *
     * @param path  its key relative to the DAG folder ({@code claims_cdc_dag.py}, or {@code team/claims_cdc_dag.py}
     *              with the package layout)
     * @param content its bytes
     * @param kind  a DAG file, or a shared module the DAG files import
     * @param dagId the DAG it defines, or {@code null} for a shared module
     * @param contract what it shares with the other files at parse time, keyed {@code <module path>#<template>}
     *              (e.g. {@code templates.py#JOB_FLOW_OVERRIDES[large]}): for a module, each template it defines
     *              and the placeholders in it; for a DAG file, each template it fills and the values it supplies.
     *              A DAG file imports only while every template it fills exists and asks for no value it lacks.
     */
    public DeployFile(String path, byte[] content, FileKind kind, String dagId, Map<String, Set<String>> contract) {
        Map<String, Set<String>> copy = new TreeMap<>();
        if (contract != null) {
            contract.forEach((template, names) -> copy.put(template, Collections.unmodifiableSet(new TreeSet<>(names))));
        }
        this.path = path;
        this.content = content;
        this.kind = kind;
        this.dagId = dagId;
        this.contract = Collections.unmodifiableMap(copy);
    }

    public String path() {
        return path;
    }

    public byte[] content() {
        return content;
    }

    public FileKind kind() {
        return kind;
    }

    public String dagId() {
        return dagId;
    }

    public Map<String, Set<String>> contract() {
        return contract;
    }

    public static DeployFile of(String path, String text, String dagId) {
        return new DeployFile(path, text.getBytes(StandardCharsets.UTF_8), dagId == null ? FileKind.MODULE : FileKind.DAG, dagId, Map.of());
    }

    public DeployFile withContract(Map<String, Set<String>> newContract) {
        DeployFile copy = new DeployFile(path, content, kind, dagId, newContract);
        copy.sha256 = sha256;
        copy.md5 = md5;
        return copy;
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
        String digest = sha256;
        if (digest == null) {
            digest = Sha256.of(content);
            sha256 = digest;
        }
        return digest;
    }

    String md5() {
        String digest = md5;
        if (digest == null) {
            digest = ContentHash.md5(content);
            md5 = digest;
        }
        return digest;
    }

    /** As a record's: equal components, the content compared by identity (as a record compares an array). */
    @Override
    public boolean equals(Object other) {
        return other instanceof DeployFile that && path.equals(that.path) && content == that.content && kind == that.kind
                && Objects.equals(dagId, that.dagId) && contract.equals(that.contract);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, System.identityHashCode(content), kind, dagId, contract);
    }

    @Override
    public String toString() {
        return "DeployFile[path=" + path + ", content=" + content.length + " bytes, kind=" + kind + ", dagId=" + dagId
                + ", contract=" + contract + "]";
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
