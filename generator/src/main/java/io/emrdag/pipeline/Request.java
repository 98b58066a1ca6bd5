package io.emrdag.pipeline;

import java.nio.file.Path;

/**
 * A project folder and where its DAG files go: what generate and check are asked to do.
 *
 * @param incremental use and update the generation cache ({@link io.emrdag.cache.GenerationCache}): bind and render only
 *     the job groups whose metadata changed since the last generate into {@code output}; the files are the same
 * @param environment one of the environments {@code emrdag.yaml} declares (its files go into
 *     {@code <output>/<environment>/}); {@code null}: every environment in the {@code ...All} methods, the project as
 *     written in the others
 */
public record Request(Path project, Path output, boolean incremental, String environment) {

    public Request(Path project, Path output, boolean incremental) {
        this(project, output, incremental, null);
    }

    /** Binds and renders every job group. */
    public Request(Path project, Path output) {
        this(project, output, false);
    }

    /** This request for {@code environment}. */
    public Request in(String environment) {
        return new Request(project, output, incremental, environment);
    }
}
