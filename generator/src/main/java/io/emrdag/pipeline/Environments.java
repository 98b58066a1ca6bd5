package io.emrdag.pipeline;

import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.resolve.ProjectResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The fan-out over the environments a command covers. Every command that may cover several environments does the
 * same: all of them are laid out before any is written, and the metadata errors of all of them are reported together,
 * so that a mistake in prod is not hidden behind one in staging and nothing is written for a half-good project.
 */
final class Environments {

    private final List<String> covered;

    private Environments(List<String> covered) {
        this.covered = covered;
    }

    /** The environment asked for; else every environment the project declares; else the project as written (null). */
    static Environments of(ProjectResolver resolver, Path project, String environment) {
        List<String> declared = environment == null ? resolver.environments(project) : List.of();
        return new Environments(declared.isEmpty() ? Collections.singletonList(environment) : declared);
    }

    List<String> names() {
        return covered;
    }

    boolean several() {
        return covered.size() > 1;
    }

    /**
     * {@code work} for each environment, in order; the metadata errors of all of them are thrown together, and only
     * when every environment is free of them are the results returned.
     */
    <T> List<T> each(Function<String, T> work) {
        Diagnostics errors = new Diagnostics();
        List<T> results = new ArrayList<>();
        for (String environment : covered) {
            try {
                results.add(work.apply(environment));
            } catch (MetadataException e) {
                e.diagnostics().forEach(errors::add);
            }
        }
        errors.throwIfErrors();
        return results;
    }

    /** {@code work} for each environment, each result with the header that names its environment when there are several. */
    <T> List<PerEnvironment<T>> eachLabelled(Function<String, T> work) {
        return each(environment -> new PerEnvironment<>(environment, several(), work.apply(environment)));
    }
}
