package io.emrdag.deploy;

import io.emrdag.diagnostic.UserErrorException;

/**
 * The target holds something that stops a safe deploy: files of the same name that emrdag does not own,
 * another deploy holding the lock, or a file changed by someone else during the deploy. Nothing of the
 * user's or anybody else's is lost; the message says what is in the way and what to do.
 */
public final class DeployConflictException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    public DeployConflictException(String message) {
        super(message);
    }
}
