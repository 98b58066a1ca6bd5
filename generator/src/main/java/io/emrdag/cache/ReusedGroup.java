package io.emrdag.cache;

import java.util.List;

/**
 * A job group whose metadata has not changed since the last generate into the same output folder, and whose
 * DAG file there is still exactly what that run wrote: it is neither loaded, bound nor rendered again.
 *
 * @param id      the job-group id (file stem)
 * @param source  the metadata file, as shown in diagnostics ({@code <project>/<relative path>})
 * @param profile the cluster profile it uses (the templates in {@code templates.py} must keep serving it)
 * @param output  its DAG file, relative to the project's root in the output folder
 * @param sha256  the DAG file's SHA-256, as written by that run
 * @param upstreams   the job groups it depends on, as its file says
 * @param downstreams the job groups that depended on it when its DAG file was written (the file names them): when
 *     they change, the job group is bound and rendered again
 */
public record ReusedGroup(String id, String source, String profile, String output, String sha256, List<String> upstreams,
        List<String> downstreams) {

    public ReusedGroup {
        upstreams = List.copyOf(upstreams);
        downstreams = List.copyOf(downstreams);
    }

    /** A job group without dependencies either way. */
    public ReusedGroup(String id, String source, String profile, String output, String sha256) {
        this(id, source, profile, output, sha256, List.of(), List.of());
    }
}
