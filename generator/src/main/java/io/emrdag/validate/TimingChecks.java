package io.emrdag.validate;

import io.emrdag.model.Cluster;
import io.emrdag.model.Sensor;
import io.emrdag.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timing checks of a job group: whether its sensors, its DAG run and its steps' expected durations (with their
 * re-runs) fit together. Each is a warning: a run that times out early fails, and only the safety nets end its
 * cluster then.
 */
final class TimingChecks {

    /** What a run spends outside its sensors: creating the cluster, adding the steps, terminating. */
    private static final Duration RUN_OVERHEAD = Duration.ofMinutes(10);

    private TimingChecks() {
    }

    /**
     * Every sensor starts when the steps are added, so with one step at a time a sensor waits for its own step and
     * all before it (and their re-runs): warn when that chain is expected to outlast the sensor's timeout.
     */
    static void sensorBudget(List<Fields> items, List<Step> steps, Sensor sensor, boolean oneAtATime) {
        Duration before = Duration.ZERO;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.runs().expectedDuration() == null) {
                continue;
            }
            Duration own = expectedWithReruns(step);
            boolean afterOthers = oneAtATime && !before.isZero();
            Duration chain = oneAtATime ? before.plus(own) : own;
            before = chain;
            if (chain.compareTo(sensor.timeout()) > 0) {
                List<String> why = new ArrayList<>();
                if (afterOthers) {
                    why.add("after the steps before it");
                }
                if (step.runs().reruns() > 0) {
                    why.add("with " + step.runs().reruns() + " re-run(s)");
                }
                String what = why.isEmpty() ? "the step is expected to run " + chain.toMinutes() + " min"
                        : "the step is expected to end " + chain.toMinutes() + " min after the steps are added ("
                                + String.join(", ", why) + ")";
                items.get(i).warning("expected_duration", "W201", what + " but its sensor times out after "
                        + sensor.timeout().toMinutes() + " min", "raise sensor.timeout for this job group");
            }
        }
    }

    /** The longest a step with an expected duration is expected to run: once plus each of its re-runs. */
    private static Duration expectedWithReruns(Step step) {
        return step.runs().expectedDuration().multipliedBy(1L + step.runs().reruns());
    }

    /** EMR runs one step at a time unless the cluster says otherwise. */
    static boolean oneAtATime(Cluster cluster) {
        return cluster == null || cluster.operation().stepConcurrency() == null || cluster.operation().stepConcurrency() == 1;
    }

    /**
     * Warns when the run is timed out before its steps can finish: with one step at a time (EMR's default), the
     * steps' expected durations add up.
     */
    static void runTimeBudget(Fields fields, Duration dagrunTimeout, Cluster cluster, List<Step> steps) {
        if (dagrunTimeout == null || !oneAtATime(cluster)) {
            return;
        }
        Duration total = steps.stream().filter(s -> s.runs().expectedDuration() != null)
                .map(TimingChecks::expectedWithReruns).reduce(Duration.ZERO, Duration::plus);
        if (total.compareTo(dagrunTimeout) > 0) {
            fields.warning("dagrun_timeout", "W206", "the steps are expected to run " + total.toMinutes()
                    + " min one after the other but the DAG run times out after " + dagrunTimeout.toMinutes() + " min",
                    "raise dagrun_timeout, or lower the steps' expected_duration if they run faster");
        }
    }

    /**
     * Warns when the run can be timed out while its sensors still wait: a timed-out run skips terminate_cluster,
     * and only the failure callback and the janitor end the cluster then.
     */
    static void sensorsOutliveRun(Fields fields, Duration dagrunTimeout, Sensor sensor) {
        if (dagrunTimeout == null) {
            return;
        }
        Duration needed = sensor.timeout().plus(RUN_OVERHEAD);
        if (dagrunTimeout.compareTo(needed) < 0) {
            fields.warning("dagrun_timeout", "W207", "the DAG run times out after " + minutes(dagrunTimeout)
                    + " but its sensors may wait " + minutes(sensor.timeout()) + " (sensor.timeout) plus about "
                    + minutes(RUN_OVERHEAD) + " to create and end the cluster: the run can end before the steps fail"
                    + " it, and the cluster then waits for the failure callback or the janitor",
                    "raise dagrun_timeout to at least " + minutes(needed) + ", or lower sensor.timeout");
        }
    }

    /**
     * {@code execution_timeout} (default_args) bounds every task run. A watcher in poke mode waits for its step in one
     * run, so a shorter execution timeout stops it before its own {@code sensor.timeout}; in reschedule mode each
     * poke is a short run of its own and is not concerned. A deferred watcher's wait counts toward it on Airflow 2
     * (the scheduler ends the deferral at the try's start plus {@code execution_timeout}), not on Airflow 3, where
     * it bounds only the time the task runs in a worker.
     */
    static void watchersOutliveExecutionTimeout(Fields fields, Duration executionTimeout, Sensor sensor, String target) {
        if (executionTimeout == null || executionTimeout.compareTo(sensor.timeout()) >= 0) {
            return;
        }
        if (sensor.mode().equals("poke")) {
            fields.warning("execution_timeout", "W240", "tasks time out after " + minutes(executionTimeout) + " but a watcher in poke"
                    + " mode waits for its step in one task run, up to " + minutes(sensor.timeout()) + " (sensor.timeout):"
                    + " Airflow stops it first, while the step still runs",
                    "raise execution_timeout to at least " + minutes(sensor.timeout()) + ", or use sensor.mode: reschedule"
                            + " (each poke is then a short task run)");
        } else if (sensor.mode().equals("deferrable") && target.startsWith("2.")) {
            fields.warning("execution_timeout", "W240", "tasks time out after " + minutes(executionTimeout) + " but on Airflow "
                    + target + " a deferred watcher's wait counts toward execution_timeout, up to " + minutes(sensor.timeout())
                    + " (sensor.timeout): Airflow ends the deferral first, while the step still runs",
                    "raise execution_timeout to at least " + minutes(sensor.timeout()) + ", or use sensor.mode: reschedule");
        }
    }

    /**
     * On Airflow 3 a reschedule-mode sensor can be failed by a late executor event for its previous poke
     * (apache/airflow#71172); the watcher's retry polls the still-running step again, so a watcher without retries
     * fails its run for nothing. Deferrable and poke watchers do not reschedule and are not concerned.
     */
    static void rescheduleRaceWithoutRetries(Fields fields, int retries, Sensor sensor, String target) {
        if (retries == 0 && sensor.mode().equals("reschedule") && !target.startsWith("2.")) {
            fields.warning("retries", "W241", "retries is 0 and the watchers run in reschedule mode on Airflow " + target
                    + ": a late executor event for one poke can fail the next (apache/airflow#71172), and without a retry"
                    + " the run fails while its step still runs",
                    "set retries: 1 or more (the retry polls the still-running step again), or use sensor.mode: deferrable (the"
                            + " watchers then wait in the triggerer and do not reschedule)");
        }
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }
}
