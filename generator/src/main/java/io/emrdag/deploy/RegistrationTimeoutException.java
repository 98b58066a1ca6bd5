package io.emrdag.deploy;

import io.emrdag.diagnostic.EmrdagException;

/** Airflow did not register every deployed DAG within the wait: an environment problem (exit code 3), not the user's. */
public final class RegistrationTimeoutException extends EmrdagException {

    private static final long serialVersionUID = 1L;

    public RegistrationTimeoutException(String message) {
        super(message, null);
    }
}
