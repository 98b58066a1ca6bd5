package io.emrdag.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Prints the bash/zsh completion script, made by picocli from the commands and options themselves, so that it cannot
 * fall behind them. The distribution ships its output as {@code completion/emrdag.bash}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash/zsh completion script for emrdag.",
            "In bash: source <(emrdag completion). In zsh, first: autoload -U +X bashcompinit && bashcompinit."})
final class CompletionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("emrdag", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
