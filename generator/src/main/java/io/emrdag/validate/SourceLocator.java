package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.load.MetadataLoader;
import io.emrdag.load.Node;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where a value of a bound project was written, for findings made after binding (the fleet-wide checks look at
 * every job group together, when the located trees are gone). Files are read again, each at most once per locator;
 * the checks that use it ask about a few values only.
 */
final class SourceLocator {

    /** A value found: the document it is in (as diagnostics show it), its dotted path there, and its location. */
    record Found(String path, Location location) {
    }

    private final Path projectDir;
    private final String label;
    private final MetadataLoader loader = new MetadataLoader();
    private final Map<String, Optional<MapNode>> trees = new HashMap<>();

    /** @param label how the project folder is shown in diagnostics (the first segment of every source) */
    SourceLocator(Path projectDir, String label) {
        this.projectDir = projectDir;
        this.label = label;
    }

    String label() {
        return label;
    }

    /** A path relative to the project folder. */
    Path resolve(String relative) {
        return projectDir.resolve(relative);
    }

    /** The settings file as diagnostics show it. */
    String settings() {
        return label + "/emrdag.yaml";
    }

    /** The first of {@code candidates} (a source, then the keys down to the value) that is written in its file. */
    Optional<Found> first(List<List<String>> candidates) {
        for (List<String> candidate : candidates) {
            Optional<Found> found = find(candidate.get(0), candidate.subList(1, candidate.size()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Where the value at {@code keys} is written in {@code source}, if it is. */
    Optional<Found> find(String source, List<String> keys) {
        Node node = tree(source).orElse(null);
        for (String key : keys) {
            node = node instanceof MapNode map ? map.get(key) : null;
        }
        return node == null ? Optional.empty() : Optional.of(new Found(String.join(".", keys), node.location()));
    }

    private Optional<MapNode> tree(String source) {
        return trees.computeIfAbsent(source, s -> s.startsWith(label + "/")
                ? loader.load(projectDir.resolve(s.substring(label.length() + 1)), s, new Diagnostics())
                : Optional.empty());
    }
}
