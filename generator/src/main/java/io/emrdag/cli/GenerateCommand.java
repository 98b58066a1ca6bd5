package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code emrdag generate}: metadata → DAG files, incremental and atomic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the DAG files of every job group into the output folder.",
                "Writes only changed files, deletes files it generated for removed job groups, never touches other files.",
                "On any metadata error nothing is written."})
final class GenerateCommand implements Callable<Integer>, ChangesFiles {

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Emrdag.Outcome outcome : options.emrdag().generateAll(options.request())) {
            ProjectOptions.printWarnings(spec.commandLine(), outcome.warnings());
            outcome.plan().report(outcome.jobGroups(), outcome.folder()).forEach(spec.commandLine().getOut()::println);
        }
        return EmrdagCommand.OK;
    }

    @Override
    public String unchanged() {
        return "nothing was written";
    }
}
