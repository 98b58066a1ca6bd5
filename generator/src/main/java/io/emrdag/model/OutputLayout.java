package io.emrdag.model;

import java.nio.file.Path;

/**
 * Where a project's files go, decided once from its settings: rendering, writing, checking, deploying and the messages
 * that name the folder all read it from here instead of asking the layout again. An environment's files go into
 * {@code <output>/<environment>/} (the mirror of that environment's DAG folder); with the package layout they sit in the
 * package folder in it, so that several projects can share one DAG folder without touching each other.
 *
 * @param root        where the files and the manifest live: the output folder, its environment folder, or the package
 *                    folder in that
 * @param shownFolder the folder messages name: the output folder or its environment folder (never the package folder)
 * @param packageName the package folder with the package layout, {@code null} with the flat one
 */
public record OutputLayout(Path root, Path shownFolder, String packageName) {

    /** The layout of {@code settings}' files in the DAG folder {@code output}. */
    public static OutputLayout of(ProjectSettings settings, Path output) {
        Path folder = settings.deployment().environment() == null ? output : output.resolve(settings.deployment().environment());
        String packageName = settings.packaging().layout() == ProjectSettings.Layout.PACKAGE ? settings.packaging().packageName() : null;
        return new OutputLayout(packageName == null ? folder : folder.resolve(packageName), folder, packageName);
    }

    /** The layout of {@code settings}' files relative to the DAG folder itself, as a deploy uploads them. */
    public static OutputLayout of(ProjectSettings settings) {
        return of(settings.forEnvironment(null, settings.deployment().deployTarget(), settings.naming().project()), Path.of(""));
    }

    /** Whether the files are a Python package of their own. */
    public boolean packaged() {
        return packageName != null;
    }

    /** What a file's path relative to {@link #root} is prefixed with to be relative to the DAG folder: "" or "pkg/". */
    public String packagePrefix() {
        return packaged() ? packageName + "/" : "";
    }

    /** The name of the project's manifest in a deploy target: its package name, or {@code default} when flat. */
    public String deployment() {
        return packaged() ? packageName : "default";
    }
}
