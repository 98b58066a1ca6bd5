package io.emrdag.cli;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.EmrdagException;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.diagnostic.ShownPaths;
import io.emrdag.diagnostic.UserErrorException;
import picocli.CommandLine;

/** Turns emrdag's typed exceptions into messages and exit codes; anything else is a bug and says so. */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        if (ex instanceof MetadataException metadata) {
            ShownPaths shown = ProjectFolder.shownPaths(commandLine);
            metadata.diagnostics().forEach(d -> err.println(shown.shown(d).format()));
            long errors = metadata.diagnostics().stream().filter(Diagnostic::isError).count();
            String unchanged = commandLine.getCommandSpec().userObject() instanceof ChangesFiles command ? "; " + command.unchanged() : "";
            err.println("emrdag: " + errors + (errors == 1 ? " error" : " errors") + unchanged);
            return EmrdagCommand.USER_ERROR;
        }
        if (ex instanceof UserErrorException) {
            err.println("emrdag: " + ex.getMessage());
            return EmrdagCommand.USER_ERROR;
        }
        if (ex instanceof EnvironmentException || ex instanceof EmrdagException) {
            err.println("emrdag: " + ex.getMessage());
            if (commandLine.getCommandSpec().userObject() instanceof Verbose command && command.verbose()) {
                for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                    err.println("  caused by: " + cause);
                }
            }
            return EmrdagCommand.ENVIRONMENT_ERROR;
        }
        err.println("emrdag: internal error (please report it): " + ex);
        ex.printStackTrace(err);
        return EmrdagCommand.ENVIRONMENT_ERROR;
    }
}
