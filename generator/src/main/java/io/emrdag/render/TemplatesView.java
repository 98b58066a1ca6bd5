package io.emrdag.render;

import java.util.List;

/**
 * What templates.py prints: one RunJobFlow template per cluster profile and the Spark step template.
 *
 * @param verbatim    whether a template holds a {@code Verbatim(...)}, so that the file imports it
 * @param packageName the project's package (the package layout), or {@code null} beside the DAG files (flat)
 */
public record TemplatesView(boolean verbatim, String packageName, List<Entry> profiles, String sparkStep) {

    /** One profile's template. */
    public record Entry(String key, String body) {
    }
}
