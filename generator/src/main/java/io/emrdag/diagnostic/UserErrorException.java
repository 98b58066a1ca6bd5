package io.emrdag.diagnostic;

/** A failure the user fixes by changing their metadata or their output folder. */
public abstract class UserErrorException extends EmrdagException {

    private static final long serialVersionUID = 1L;

    protected UserErrorException(String message) {
        super(message, null);
    }
}
