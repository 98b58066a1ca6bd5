package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code emrdag validate}: check the metadata, report every error at once, write nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the job-group metadata and report every error with file:line:col; writes nothing.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Emrdag.Validation validation = options.emrdag().validate(options.project.path, options.environment);
        ProjectOptions.printWarnings(spec.commandLine().getErr(), validation.warnings());
        spec.commandLine().getOut().println("emrdag: " + validation.summary());
        return EmrdagCommand.OK;
    }
}
