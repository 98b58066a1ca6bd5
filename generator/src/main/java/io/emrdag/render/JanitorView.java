package io.emrdag.render;

/**
 * Everything the janitor template prints, already as Python source.
 *
 * @param interval a {@code datetime.timedelta(...)} expression: the janitor's schedule
 */
public record JanitorView(String header, String sharedImport, String project, String dagId, String interval,
        String awsConnId) {
}
