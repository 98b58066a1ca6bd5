package io.emrdag.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a deploy did.
 *
 * @param target    where it went
 * @param plan      the plan it carried out (or, with a dry run, would have)
 * @param dryRun    nothing was written
 * @param uploaded  files uploaded
 * @param deleted   files deleted
 * @param requests  requests made to the target, by kind
 * @param took      wall time of the deploy
 * @param finishedAt when the last write ended, on the target's clock (Airflow must parse after it)
 * @param registration the post-deploy check, when it was asked for
 */
public record DeployResult(String target, DeployPlan plan, boolean dryRun, int uploaded, int deleted,
        Map<String, Integer> requests, Duration took, Instant finishedAt, RegistrationReport registration) {

    public int requestTotal() {
        return requests.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line to end the deploy's output with. */
    public List<String> summary() {
        String requestText = requestTotal() + " requests " + requests;
        if (dryRun) {
            return List.of("dry run: nothing written to " + target + " (" + requestText + ")");
        }
        if (plan.upToDate()) {
            return List.of(target + " is up to date: 0 uploads (" + requestText + ", " + took.toMillis() + " ms)");
        }
        String line = "deployed to " + target + ": " + uploaded + " uploaded, " + deleted + " deleted, "
                + plan.count(DeployPlan.Action.UNCHANGED) + " unchanged (" + requestText + ", " + took.toMillis() + " ms)";
        return registration == null ? List.of(line) : List.of(line, registration.summary());
    }

    public DeployResult withRegistration(RegistrationReport report) {
        return new DeployResult(target, plan, dryRun, uploaded, deleted, requests, took, finishedAt, report);
    }
}
