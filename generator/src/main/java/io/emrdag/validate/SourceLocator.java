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
 * every job group together, when the located trees are gone). Where a job-group file writes the keys those checks
 * point at most ({@link #NOTED}) is noted while it is bound, so that thousands of findings (a long chain's W211) read
 * no file again; anything else is read again, each file at most once per locator.
 */
final class SourceLocator {

    /** A value found: the document it is in (as diagnostics show it), its dotted path there, and its location. */
    record Found(String path, Location location) {
    }

    /** The top-level keys of a job-group file whose locations are noted when it is bound. */
    static final List<String> NOTED = List.of("depends_on", "schedule");

    private final Path projectDir;
    private final String label;
    private final Map<String, Map<String, Location>> written;
    private final MetadataLoader loader = new MetadataLoader();
    private final Map<String, Optional<MapNode>> trees = new HashMap<>();

    /**
     * @param label   how the project folder is shown in diagnostics (the first segment of every source)
     * @param written where job-group files write the keys of {@link #NOTED}, by source ({@link #noted}); files not in
     *                it are read again
     */
    SourceLocator(Path projectDir, String label, Map<String, Map<String, Location>> written) {
        this.projectDir = projectDir;
        this.label = label;
        this.written = written;
    }

    /** Where {@code tree}, a job-group file as written, writes the keys of {@link #NOTED}. */
    static Map<String, Location> noted(MapNode tree) {
        if (tree == null) {
            return null;
        }
        Map<String, Location> out = new HashMap<>();
        for (String key : NOTED) {
            Node value = tree.get(key);
            if (value != null) {
                out.put(key, value.location());
            }
        }
        return out;
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
        if (keys.size() == 1 && NOTED.contains(keys.get(0)) && written.containsKey(source)) {
            Location at = written.get(source).get(keys.get(0));
            return at == null ? Optional.empty() : Optional.of(new Found(keys.get(0), at));
        }
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
