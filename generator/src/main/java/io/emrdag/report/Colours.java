package io.emrdag.report;

import java.util.List;

/**
 * The report's colours: one per layer (folder) and one per instance family, in a fixed order so that the same
 * project always gets the same colours. The palette is Tableau 10, chosen to stay distinguishable for most kinds of
 * colour blindness.
 */
final class Colours {

    static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac");

    private final List<String> layers;

    Colours(List<String> layers) {
        this.layers = List.copyOf(layers);
    }

    String layer(String layer) {
        int index = layers.indexOf(layer);
        return PALETTE.get(Math.max(0, index) % PALETTE.size());
    }

    /** The colour of the {@code index}th series of a chart. */
    static String series(int index) {
        return PALETTE.get(index % PALETTE.size());
    }
}
