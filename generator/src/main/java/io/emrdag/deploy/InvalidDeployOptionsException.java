package io.emrdag.deploy;

import io.emrdag.diagnostic.UserErrorException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Deploy settings that cannot be used as written (a duration "ten minutes", {@code parallel=0}): every bad setting,
 * with its value and what to write instead. Thrown before anything is read or written.
 */
public final class InvalidDeployOptionsException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    /** One bad setting, named as in {@link DeployOptions} ({@code lockTtl}). */
    public record Problem(String setting, String value, String message, String hint) {
    }

    private final transient List<Problem> problems;

    /** @param spelling how the user spells a setting, e.g. {@code s -> "emrdag.deploy." + s} */
    public InvalidDeployOptionsException(List<Problem> problems, UnaryOperator<String> spelling) {
        super(describe(problems, spelling));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems, UnaryOperator<String> spelling) {
        return problems.stream().map(p -> spelling.apply(p.setting()) + ": " + p.message() + ", got '" + p.value() + "'"
                + (p.hint() == null ? "" : System.lineSeparator() + "  hint: " + p.hint()))
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
