package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import io.emrdag.load.MapNode;
import io.emrdag.load.Node;
import io.emrdag.load.ScalarNode;
import io.emrdag.model.ProjectSettings;
import io.emrdag.resolve.EnvironmentOverlay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code environments} section of {@code emrdag.yaml}: each environment's name, its deploy target, and the project
 * name its clusters are tagged with; and the settings of the environment asked for. The resolver has merged that
 * environment's overlay into the settings already, so its keys and values are checked there, as any setting; the
 * others' keys are checked here, so that a typo in {@code prod} shows while generating {@code staging} too.
 *
 * <p>An environment's project name is its own {@code project}, else {@code <project>-<environment>}: the janitor of
 * one environment ends only the clusters tagged with its name, so two environments sharing an AWS account never end
 * each other's clusters, and their Datasets never meet.
 */
final class EnvironmentsBinder {

    /** Environment names become folder names in the output and part of the project name. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    /**
     * What {@code deploy_to} may name: an S3 prefix, an MWAA environment, or a local folder (a self-hosted Airflow's DAG
     * folder), as {@code emrdag deploy --target} does. A local folder is absolute: a relative one would depend on where
     * the deploy runs.
     */
    static final Pattern DEPLOY_TARGET = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s/][^\\s]*)?/?"
            + "|mwaa:[a-zA-Z][0-9a-zA-Z_-]{0,79}|/[^\\x00]*|[A-Za-z]:[\\\\/][^\\x00]*");

    private EnvironmentsBinder() {
    }

    /**
     * Checks every environment and returns {@code bound} for {@code chosen} (its deploy target and project name), or
     * {@code bound} itself when none is chosen.
     *
     * @param written  {@code emrdag.yaml} as written (for the project name environments derive theirs from)
     * @param settings {@code emrdag.yaml} with the chosen environment's overlay merged in
     * @param file     how {@code emrdag.yaml} is shown, for findings about the file as a whole
     */
    static ProjectSettings bind(MapNode written, Fields settings, ProjectSettings bound, String chosen, String file,
            Diagnostics diagnostics) {
        MapNode environments = MapNode.empty(Location.ofFile(file));
        if (settings != null && settings.map(EnvironmentOverlay.SECTION) != null) {
            environments = (MapNode) settings.raw(EnvironmentOverlay.SECTION);
        }
        String base = written != null && written.get("project") instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING
                ? s.text() : SettingsBinder.DEFAULT_PROJECT;
        Map<String, String> targets = new HashMap<>();
        Map<String, String> projects = new HashMap<>();
        String deployTarget = null;
        String chosenProject = null;
        for (MapNode.Member member : environments.members().values()) {
            String name = member.key();
            String path = EnvironmentOverlay.SECTION + "." + name;
            if (!NAME.matcher(name).matches()) {
                diagnostics.error("E200", member.keyLocation(), path, "environment names use lower-case letters, digits, '_' and '-'"
                        + " (at most 40, starting with a letter): '" + Diagnostic.excerpt(name) + "'", "e.g. staging, prod");
                continue;
            }
            if (!(member.value() instanceof MapNode overlay)) {
                diagnostics.error("E101", member.value().location(), path, "expected a mapping, got " + member.value().describe(),
                        "give the environment its deploy target and what it changes, e.g. {deploy_to: mwaa:" + name + "}");
                continue;
            }
            Fields environment = new Fields(overlay, path, diagnostics);
            String target = environment.requiredString(EnvironmentOverlay.DEPLOY_TO,
                    "the DAG folder this environment deploys to: s3://bucket/dags/, mwaa:ENVIRONMENT_NAME or an absolute local folder");
            if (target != null && Scripts.malformedScheme(environment, EnvironmentOverlay.DEPLOY_TO, target)) {
                target = null;
            }
            if (target != null && !DEPLOY_TARGET.matcher(target).matches()) {
                environment.error(EnvironmentOverlay.DEPLOY_TO, "E201", "expected s3://bucket/prefix/, mwaa:ENVIRONMENT_NAME or an absolute local folder, got \""
                        + Diagnostic.excerpt(target) + "\"", Scripts.withScheme(target, null) != null
                                ? Scripts.withScheme(target, null) + " (a local folder is written as an absolute path)"
                                : "e.g. deploy_to: mwaa:" + base + "-" + name + ", s3://" + base + "-" + name
                                        + "-mwaa/dags/ or /srv/airflow/dags (a local folder, as an absolute path)");
                target = null;
            }
            if (target != null) {
                String other = targets.putIfAbsent(normalised(target), name);
                if (other != null) {
                    environment.error(EnvironmentOverlay.DEPLOY_TO, "E202", "environments '" + other + "' and '" + name
                            + "' deploy to the same place, " + Diagnostic.excerpt(target), "each environment needs a DAG folder of its own");
                }
            }
            if (overlay.has(EnvironmentOverlay.SECTION)) {
                environment.error(EnvironmentOverlay.SECTION, "E203", "an environment cannot declare environments",
                        "declare every environment at the top of emrdag.yaml");
            }
            Node own = overlay.get("project");
            String project = own instanceof ScalarNode s && s.kind() == ScalarNode.Kind.STRING ? s.text() : base + "-" + name;
            if (own == null && !Shapes.PROJECT_NAME.matcher(project).matches()) {
                diagnostics.error("E204", member.keyLocation(), path, "the environment's project name '" + Diagnostic.excerpt(project)
                        + "' (<project>-<environment>) is not a usable project name", "set a shorter project: in the environment,"
                        + " of lower-case letters, digits, '_' and '-' (at most 64)");
            } else {
                String other = projects.putIfAbsent(project, name);
                if (other != null) {
                    diagnostics.error("E205", own == null ? member.keyLocation() : own.location(), path + (own == null ? "" : ".project"),
                            "environments '" + other + "' and '" + name + "' tag their clusters with the same project name '"
                                    + Diagnostic.excerpt(project) + "'", "their janitors would end each other's clusters in a shared"
                                    + " AWS account; give each environment a project name of its own");
                }
            }
            if (name.equals(chosen)) {
                deployTarget = target;
                chosenProject = own == null ? project : bound.project();
            }
            // The same finding whichever environment is bound (the settings' own check leaves an overlay's keys to this one).
            Fields keys = new Fields(overlay, path, diagnostics);
            keys.raw(EnvironmentOverlay.DEPLOY_TO);
            SettingsBinder.PROJECT_KEYS.stream().filter(k -> !k.equals(EnvironmentOverlay.SECTION)).forEach(keys::raw);
            if (overlay.has(EnvironmentOverlay.SECTION)) {
                keys.raw(EnvironmentOverlay.SECTION);
            }
            keys.finish();
        }
        if (chosen == null) {
            return bound;
        }
        if (!environments.has(chosen)) {
            List<String> names = List.copyOf(environments.members().keySet());
            String hint = DidYouMean.suggest(chosen, names).map(s -> "did you mean '" + s + "'?")
                    .orElse(names.isEmpty() ? "declare it under 'environments:' in emrdag.yaml, with its deploy_to"
                            : "environments in emrdag.yaml: " + String.join(", ", names));
            Diagnostic missing = Diagnostic.error("E206", environments.location(), names.isEmpty() ? "" : EnvironmentOverlay.SECTION,
                    "no environment '" + Diagnostic.excerpt(chosen) + "' (asked for with --environment or emrdag.environment)", hint);
            diagnostics.add(missing);
            return bound;
        }
        return bound.forEnvironment(chosen, deployTarget, chosenProject == null ? bound.project() : chosenProject);
    }

    /** Two spellings of one S3 prefix ({@code s3://b/dags} and {@code s3://b/dags/}), or of one folder, are one target. */
    private static String normalised(String target) {
        if (!target.startsWith("s3://") && !target.startsWith("mwaa:")) {
            return target.length() > 1 && (target.endsWith("/") || target.endsWith("\\")) ? target.substring(0, target.length() - 1) : target;
        }
        return target.startsWith("s3://") && !target.endsWith("/") && target.indexOf('/', 5) > 0 ? target + "/" : target;
    }
}
