package io.emrdag.cli;

import io.emrdag.Emrdag;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code emrdag} command line. Each subcommand parses its options, makes one call on {@link Emrdag}
 * and prints the outcome; exit codes: 0 ok, 1 user error, 2 usage error, 3 environment error.
 */
@Command(name = "emrdag", mixinStandardHelpOptions = true, versionProvider = EmrdagCommand.Version.class,
        description = "Turns job-group metadata (YAML/JSON) into Airflow DAGs that run Spark (PySpark scripts, JARs) and command steps"
                + " on transient EMR clusters.",
        subcommands = {GenerateCommand.class, ValidateCommand.class, CheckCommand.class, VerifyCommand.class, DeployCommand.class, ImportCommand.class, ReportCommand.class, SchemaCommand.class, CommandLine.HelpCommand.class})
public final class EmrdagCommand implements Runnable {

    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int USAGE_ERROR = 2;
    public static final int ENVIRONMENT_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new EmrdagCommand());
        commandLine.setExecutionExceptionHandler(new Failures());
        commandLine.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("emrdag: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE_ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: generate, validate, check, verify, deploy, import, report or schema");
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"emrdag " + Emrdag.VERSION};
        }
    }
}
