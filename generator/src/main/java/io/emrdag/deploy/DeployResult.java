package io.emrdag.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a deploy did.
 *
 * @param target       where it went
 * @param plan         the plan it carried out (or, with a dry run, would have)
 * @param dryRun       nothing was written
 * @param traffic      what it wrote and asked of the target
 * @param timing       how long it took and when it ended
 * @param registration the post-deploy check, when it was asked for
 */
public record DeployResult(String target, DeployPlan plan, boolean dryRun, Traffic traffic, Timing timing,
        RegistrationReport registration) {

    /**
     * What the deploy wrote and asked of the target.
     *
     * @param uploaded files uploaded
     * @param deleted  files deleted
     * @param requests requests made to the target, by kind
     */
    public record Traffic(int uploaded, int deleted, Map<String, Integer> requests) {

        public int requestTotal() {
            return requests.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * How long the deploy took and when it ended.
     *
     * @param took       wall time of the deploy
     * @param finishedAt when the last write ended, on the target's clock (Airflow must parse after it)
     */
    public record Timing(Duration took, Instant finishedAt) {
    }

    /** One line to end the deploy's output with. */
    public List<String> summary() {
        String requestText = traffic.requestTotal() + " requests " + traffic.requests();
        if (dryRun) {
            return List.of("dry run: nothing written to " + target + " (" + requestText + ")");
        }
        if (plan.upToDate()) {
            return List.of(target + " is up to date: 0 uploads (" + requestText + ", " + timing.took().toMillis() + " ms)");
        }
        String line = "deployed to " + target + ": " + traffic.uploaded() + " uploaded, " + traffic.deleted() + " deleted, "
                + plan.count(DeployPlan.Action.UNCHANGED) + " unchanged (" + requestText + ", " + timing.took().toMillis() + " ms)";
        return registration == null ? List.of(line) : List.of(line, registration.summary());
    }

    public DeployResult withRegistration(RegistrationReport report) {
        return new DeployResult(target, plan, dryRun, traffic, timing, report);
    }
}
