package io.emrdag.model;

/**
 * A job group whose metadata has not changed since the last generate into the same output folder, and whose
 * DAG file there is still exactly what that run wrote: it is neither loaded, bound nor rendered again.
 *
 * @param id      the job-group id (file stem)
 * @param source  the metadata file, as shown in diagnostics ({@code <project>/<relative path>})
 * @param profile the cluster profile it uses (the templates in {@code templates.py} must keep serving it)
 * @param output  its DAG file, relative to the project's root in the output folder
 * @param sha256  the DAG file's SHA-256, as written by that run
 */
public record ReusedGroup(String id, String source, String profile, String output, String sha256) {
}
