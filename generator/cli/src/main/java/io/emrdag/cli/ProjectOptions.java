package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.ShownPaths;
import io.emrdag.pipeline.Request;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a project and an output folder. */
final class ProjectOptions {

    @Mixin
    ProjectFolder project;

    @Option(names = {"-o", "--output"}, defaultValue = "generated-dags", paramLabel = "DIR",
            description = "Folder the DAG files are written to (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME",
            description = "One of the environments emrdag.yaml declares; its files go into <output>/NAME/."
                    + " Default: every environment (the project itself when it declares none).")
    String environment;

    @Option(names = "--no-cache",
            description = "Bind and render every job group, not only those whose metadata changed since the last generate"
                    + " (the cache is <project>/.emrdag-cache/; the files are the same either way).")
    boolean noCache;

    @Option(names = "--templates", paramLabel = "DIR", hidden = true,
            description = "Use the FreeMarker templates in DIR instead of the built-in ones (template development).")
    Path templates;

    Emrdag emrdag() {
        return new Emrdag(templates);
    }

    Request request() {
        return new Request(project.path, output, !noCache, environment);
    }

    /** Prints {@code warnings} with their files shown from the working directory, as errors are ({@link Failures}). */
    static void printWarnings(CommandLine command, List<Diagnostic> warnings) {
        ShownPaths shown = ProjectFolder.shownPaths(command);
        warnings.forEach(w -> command.getErr().println(shown.shown(w).format()));
    }

    /** What every command prints of a result: its warnings on stderr, then its lines on stdout. */
    static void print(CommandSpec spec, List<Diagnostic> warnings, List<String> lines) {
        printWarnings(spec.commandLine(), warnings);
        // One write: the console's writer flushes at every line, and a cold generate of 10,000 job groups has 10,000 lines.
        if (!lines.isEmpty()) {
            String separator = System.lineSeparator();
            spec.commandLine().getOut().print(String.join(separator, lines) + separator);
            spec.commandLine().getOut().flush();
        }
    }
}
