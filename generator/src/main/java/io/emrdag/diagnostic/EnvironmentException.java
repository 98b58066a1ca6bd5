package io.emrdag.diagnostic;

/** Something outside the user's metadata failed: a file could not be read or written, a tool is missing. */
public final class EnvironmentException extends EmrdagException {

    private static final long serialVersionUID = 1L;

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    public EnvironmentException(String message) {
        super(message, null);
    }
}
