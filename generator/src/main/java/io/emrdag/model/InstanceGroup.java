package io.emrdag.model;

import java.util.Locale;

/**
 * One EMR instance group. Type and count are runtime knobs: these values are the defaults baked into the
 * DAG, an Airflow Variable may override them per run.
 *
 * @param role MASTER, CORE or TASK
 * @param instanceType {@code null} only in a profile that leaves it to the job groups
 * @param bidPrice SPOT only; {@code null} means the on-demand price cap
 * @param ebs {@code null} for the instance type's default storage
 */
public record InstanceGroup(String role, String instanceType, int instanceCount, String market, String bidPrice,
        Ebs ebs) {

    /** Knob-name prefix: {@code master}, {@code core}, {@code task}. */
    public String knobPrefix() {
        return role.toLowerCase(Locale.ROOT);
    }
}
