package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.pipeline.Validation;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code emrdag validate}: check the metadata, report every error at once, write nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the job-group metadata and report every error with file:line:col; writes nothing.")
final class ValidateCommand extends ProjectCommand {

    @Override
    List<Printed> run(Emrdag emrdag) {
        Validation validation = emrdag.validate(options.project.path, options.environment);
        return List.of(new Printed(validation.warnings(), List.of("emrdag: " + validation.summary())));
    }
}
