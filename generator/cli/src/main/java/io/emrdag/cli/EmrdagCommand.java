package io.emrdag.cli;

import io.emrdag.Emrdag;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code emrdag} command line. Each subcommand parses its options, makes one call on {@link Emrdag}
 * and prints the outcome; exit codes: 0 ok, 1 user error, 2 usage error, 3 environment error.
 */
@Command(name = "emrdag", mixinStandardHelpOptions = true, versionProvider = EmrdagCommand.Version.class,
        description = "Turns job-group metadata (YAML/JSON) into Airflow DAGs that run Spark (PySpark scripts, JARs) and command steps"
                + " on transient EMR clusters.",
        subcommands = {InitCommand.class, GenerateCommand.class, ValidateCommand.class, CheckCommand.class, VerifyCommand.class, DeployCommand.class, ImportCommand.class, ReportCommand.class, SchemaCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
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
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE_ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: init, generate, validate, check, verify, deploy, import, report, schema or completion");
    }

    /** The version, and which installation and Java answer: what a bug report needs when several are on the PATH. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String where;
            try {
                where = Path.of(EmrdagCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (URISyntaxException | RuntimeException e) {
                where = "unknown";
            }
            return new String[] {"emrdag " + Emrdag.VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), " + where};
        }
    }
}
