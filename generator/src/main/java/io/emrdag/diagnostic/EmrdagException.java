package io.emrdag.diagnostic;

/**
 * Base of emrdag's typed failures. Front ends map {@link UserErrorException} subclasses to exit code 1
 * (Maven: {@code MojoFailureException}) and {@link EnvironmentException} to exit code 3
 * ({@code MojoExecutionException}).
 */
public abstract class EmrdagException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected EmrdagException(String message, Throwable cause) {
        super(message, cause);
    }
}
