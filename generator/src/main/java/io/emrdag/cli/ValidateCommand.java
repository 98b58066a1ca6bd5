package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emrdag validate}: check the metadata, report every error at once, write nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the job-group metadata and report every error with file:line:col; writes nothing.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ProjectFolder project;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME",
            description = "One of the environments emrdag.yaml declares. Default: every environment (the project itself when it"
                    + " declares none).")
    String environment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Emrdag.Validation validation = new Emrdag().validate(project.path, environment);
        ProjectOptions.printWarnings(spec.commandLine(), validation.warnings());
        spec.commandLine().getOut().println("emrdag: " + validation.summary());
        return EmrdagCommand.OK;
    }
}
