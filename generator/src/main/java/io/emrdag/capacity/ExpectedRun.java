package io.emrdag.capacity;

import io.emrdag.model.CapacitySettings;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Step;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * How long one run of a job group keeps its cluster, as expected: the cluster's start-up (none on an existing cluster), then the steps. EMR runs
 * {@code step_concurrency} steps at a time (one by default) in the order they were added, so the steps fill that many
 * slots one after the other. A step without {@code expected_duration} is assumed to take
 * {@code capacity.default_step_duration}. Re-runs only happen when a step fails, so they are not part of a typical run
 * (the sensor-timeout checks count them: those are about the worst case).
 *
 * @param assumedSteps steps whose duration was assumed
 */
public record ExpectedRun(Duration duration, int assumedSteps) {

    public static ExpectedRun of(JobGroup group, CapacitySettings settings) {
        Integer concurrency = group.emr().cluster() == null ? null : group.emr().cluster().operation().stepConcurrency();
        int slots = Math.max(1, Math.min(concurrency == null ? 1 : concurrency, group.emr().steps().size()));
        PriorityQueue<Duration> free = new PriorityQueue<>();
        for (int i = 0; i < slots; i++) {
            free.add(Duration.ZERO);
        }
        Duration end = Duration.ZERO;
        int assumed = 0;
        for (Step step : group.emr().steps()) {
            Duration own = step.runs().expectedDuration();
            if (own == null) {
                own = settings.defaultStepDuration();
                assumed++;
            }
            Duration finished = free.remove().plus(own);
            free.add(finished);
            end = end.compareTo(finished) < 0 ? finished : end;
        }
        // An existing cluster is up already: the run waits for no start-up.
        Duration startup = group.emr().clusterMode() != null && !group.emr().clusterMode().createsCluster() ? Duration.ZERO : settings.clusterStartup();
        return new ExpectedRun(startup.plus(end), assumed);
    }

    /** The run in whole minutes, at least one: the model's resolution. */
    public int minutes() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, (duration.getSeconds() + 59) / 60));
    }
}
