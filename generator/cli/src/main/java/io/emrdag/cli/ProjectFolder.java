package io.emrdag.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -p} option of every command that reads a project: one name, one default, one help text. */
final class ProjectFolder {

    @Option(names = {"-p", "--project"}, defaultValue = "job-groups", paramLabel = "DIR",
            description = "Folder with emrdag.yaml and the job-group files (default: ${DEFAULT-VALUE}).")
    Path path;
}
