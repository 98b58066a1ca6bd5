package io.emrdag.model;

import java.util.List;

/**
 * What the checks that span job groups need of one: its id, file, the cluster profile it uses and the job groups it
 * waits for. A bound job group gives it ({@link JobGroup#summary}); so can a job group bound earlier, whose result is
 * known without binding it again.
 *
 * @param profile   the cluster profile it uses, {@code ""} when it creates no cluster
 * @param upstreams the job groups it depends on, as its file says
 */
public record GroupSummary(String id, String source, String profile, List<String> upstreams) {

    public GroupSummary {
        upstreams = List.copyOf(upstreams);
    }
}
