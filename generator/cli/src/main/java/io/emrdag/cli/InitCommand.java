package io.emrdag.cli;

import io.emrdag.init.ProjectTemplate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emrdag init [FOLDER]}: a working project in one command; never overwrites a file. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a new emrdag project in FOLDER:",
            "job-groups/emrdag.yaml (with comments) and one job group, the JSON Schemas, a .gitignore, a pom.xml using the emrdag "
                + "Maven plugin, and CI recipes for GitHub Actions and GitLab.",
            "Refuses to overwrite any file: nothing is written when one of them exists."})
final class InitCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FOLDER", defaultValue = ".",
            description = "Folder to create the project in (created when missing; default: the current folder).")
    Path folder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ProjectTemplate.create(folder).forEach(file -> out.println("  wrote    " + file));
        out.println("emrdag: a new project in " + folder + "; next: cd " + folder + " && emrdag generate && emrdag verify");
        return EmrdagCommand.OK;
    }
}
