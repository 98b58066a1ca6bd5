package io.emrdag.cli;

import io.emrdag.Emrdag;
import io.emrdag.write.WritePlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code emrdag generate}: metadata → DAG files, incremental and atomic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the DAG files of every job group into the output folder.",
                "Writes only changed files, deletes files it generated for removed job groups, never touches other files.",
                "On any metadata error nothing is written."})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Emrdag.Outcome outcome = options.emrdag().generate(options.request());
        ProjectOptions.printWarnings(spec.commandLine().getErr(), outcome.warnings());
        WritePlan plan = outcome.plan();
        var out = spec.commandLine().getOut();
        if (plan.upToDate()) {
            out.printf("emrdag: %d job groups, %s is up to date (nothing written)%n", outcome.jobGroups(), options.output);
        } else {
            plan.added().forEach(f -> out.println("  added    " + f));
            plan.changed().forEach(f -> out.println("  updated  " + f));
            plan.deleted().forEach(f -> out.println("  deleted  " + f));
            out.printf("emrdag: %d job groups → %s: %d written, %d deleted, %d unchanged%n", outcome.jobGroups(),
                    options.output, plan.writes(), plan.deleted().size(), plan.unchanged().size());
        }
        return EmrdagCommand.OK;
    }
}
