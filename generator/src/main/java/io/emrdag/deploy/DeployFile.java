package io.emrdag.deploy;

import java.nio.charset.StandardCharsets;

/**
 * One generated file to deploy.
 *
 * @param path  its key relative to the DAG folder ({@code claims_cdc_dag.py}, or {@code team/claims_cdc_dag.py}
 *              with the package layout)
 * @param kind  a DAG file, or a shared module the DAG files import
 * @param dagId the DAG it defines, or {@code null} for a shared module
 */
public record DeployFile(String path, byte[] content, FileKind kind, String dagId) {

    public static DeployFile of(String path, String text, String dagId) {
        return new DeployFile(path, text.getBytes(StandardCharsets.UTF_8), dagId == null ? FileKind.MODULE : FileKind.DAG, dagId);
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
