package io.emrdag.report;

import io.emrdag.diagnostic.UserErrorException;

/**
 * A report asked for with a value the capacity model cannot use, such as a year outside 1970–9999: a user error
 * whichever shell asked (the CLI turns it into a usage error, the Maven goal into a build failure).
 */
public final class ReportRequestException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    ReportRequestException(String message) {
        super(message);
    }
}
