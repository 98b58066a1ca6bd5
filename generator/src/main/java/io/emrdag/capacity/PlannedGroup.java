package io.emrdag.capacity;

import io.emrdag.model.JobGroup;

/**
 * One job group as the capacity model sees it.
 *
 * @param layer the folder the job group's file is in, below the project folder ("" at its top): the report groups
 *     and colours by it
 * @param cadence how the job group is started
 * @param runs its runs over the modelled period (none unless scheduled or continuous)
 */
public record PlannedGroup(JobGroup group, String layer, Footprint footprint, ExpectedRun run, Cadence cadence, Runs runs) {

    /** How a job group is started. */
    public enum Cadence {
        /** A cron expression or preset. */
        SCHEDULED,
        /** {@code @continuous}: a new run as soon as the last one ended. */
        CONTINUOUS,
        /** {@code schedule: null}: only when someone triggers it. */
        MANUAL,
        /** {@code schedule: null} with {@code depends_on}: each time its upstream job groups have all succeeded. */
        UPSTREAM,
        /** {@code @once}: a single run after the start date. */
        ONCE
    }

    public String id() {
        return group.id();
    }

    /** Runs started in the model year. */
    public int runsPerYear(ModelYear year) {
        return runs.countIn(0, year.minutes());
    }
}
