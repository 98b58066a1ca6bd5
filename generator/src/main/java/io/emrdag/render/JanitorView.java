package io.emrdag.render;

/**
 * Everything the janitor template prints, already as Python source.
 *
 * @param packageName the project's package (the package layout), or {@code null} beside the DAG files (flat)
 * @param interval    a {@code datetime.timedelta(...)} expression: the janitor's schedule
 */
public record JanitorView(String packageName, String project, String dagId, String interval,
        String awsConnId) {
}
