package io.emrdag.render;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's files as a deploy uploads them into an Airflow DAG folder.
 *
 * @param deployment    the name of the project's manifest in the target: its package name with the package layout
 *                      (the files go into that folder, so several projects can share a DAG folder), else "default"
 * @param airflowTarget the Airflow version the project targets
 */
public record Release(List<File> files, String deployment, String airflowTarget) {

    public Release {
        files = List.copyOf(files);
    }

    /**
     * One file.
     *
     * @param path     relative to the DAG folder, in the package folder with the package layout
     * @param dagId    the DAG it defines, or {@code null} for a shared module
     * @param contract what the file needs of the shared modules (module → names), or {@code null}
     */
    public record File(String path, String content, String dagId, Map<String, Set<String>> contract) {
    }
}
