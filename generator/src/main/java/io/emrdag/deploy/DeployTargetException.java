package io.emrdag.deploy;

import io.emrdag.diagnostic.UserErrorException;

/** The deploy target given cannot be used as it is written: a malformed URI, an unknown environment. */
public final class DeployTargetException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    public DeployTargetException(String message) {
        super(message);
    }
}
