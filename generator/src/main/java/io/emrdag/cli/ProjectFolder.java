package io.emrdag.cli;

import io.emrdag.diagnostic.ShownPaths;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code -p} option of every command that reads a project: one name, one default, one help text. */
final class ProjectFolder {

    @Option(names = {"-p", "--project"}, defaultValue = "job-groups", paramLabel = "DIR",
            description = "Folder with emrdag.yaml and the job-group files (default: ${DEFAULT-VALUE}).")
    Path path;

    /**
     * How the files of findings are shown by {@code command}: from the working directory, for its project folder (the
     * default one when the command reads none).
     */
    static ShownPaths shownPaths(CommandLine command) {
        return ShownPaths.of(folder(command.getCommandSpec()).orElse(Path.of("job-groups")), Path.of(""));
    }

    private static Optional<Path> folder(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            Optional<Path> found = mixin.userObject() instanceof ProjectFolder folder ? Optional.ofNullable(folder.path) : folder(mixin);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
