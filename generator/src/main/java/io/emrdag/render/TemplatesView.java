package io.emrdag.render;

import java.util.List;

/** What templates.py prints: one RunJobFlow template per cluster profile and the Spark step template. */
public record TemplatesView(String header, String verbatimImport, List<Entry> profiles, String sparkStep) {

    /** One profile's template. */
    public record Entry(String key, String body) {
    }
}
