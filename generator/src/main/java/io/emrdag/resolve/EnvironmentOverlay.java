package io.emrdag.resolve;

import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import java.util.List;

/**
 * An environment of {@code emrdag.yaml} ({@code environments: {staging: {...}, prod: {...}}}) merged over the file
 * itself: each environment's mapping overrides any project setting, {@code defaults} and {@code clusters} key by key, as
 * a job-group file overrides {@code defaults}. Its {@code deploy_to} is not a setting and stays out of the merge, and
 * so do nested {@code environments} (validate reports them). Checks nothing else.
 */
public final class EnvironmentOverlay {

    /** The section of {@code emrdag.yaml} that names the environments. */
    public static final String SECTION = "environments";
    /** The key of an environment that names its deploy target. */
    public static final String DEPLOY_TO = "deploy_to";

    private EnvironmentOverlay() {
    }

    /**
     * {@code settings} with {@code environment}'s mapping merged over it; {@code settings} itself when no environment
     * is asked for or the file declares no mapping by that name (validate reports that). The result keeps the file's
     * own location and its {@code environments} section.
     */
    public static MapNode apply(MapNode settings, String environment) {
        if (settings == null || environment == null || !(section(settings) instanceof MapNode environments)
                || !(environments.get(environment) instanceof MapNode overlay)) {
            return settings;
        }
        Node over = NodeMerger.without(NodeMerger.without(overlay, DEPLOY_TO), SECTION);
        return new MapNode(settings.location(), ((MapNode) NodeMerger.merge(settings, over)).members());
    }

    /** The names under {@code environments}, in file order; empty when there is no such mapping. */
    public static List<String> names(MapNode settings) {
        return section(settings) instanceof MapNode environments ? List.copyOf(environments.members().keySet()) : List.of();
    }

    private static Node section(MapNode settings) {
        return settings == null ? null : settings.get(SECTION);
    }
}
