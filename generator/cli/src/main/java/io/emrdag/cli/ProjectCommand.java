package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.diagnostic.Diagnostic;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command on a project and its output folder (generate, check, validate): one core call, then each result's warnings
 * on stderr and its lines on stdout. The commands differ only in the call and the lines.
 */
abstract class ProjectCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    /** What one result prints. */
    record Printed(List<Diagnostic> warnings, List<String> lines) {
    }

    /** Calls the core and says what to print of each result, in order. */
    abstract List<Printed> run(Emrdag emrdag);

    @Override
    public final Integer call() {
        run(options.emrdag()).forEach(p -> ProjectOptions.print(spec, p.warnings(), p.lines()));
        return EmrdagCommand.OK;
    }
}
