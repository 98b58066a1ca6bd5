package io.emrdag.maven;

import io.emrdag.diagnostic.UserErrorException;

/** A goal parameter the core cannot read (e.g. a duration written "ten minutes"): the build fails naming it. */
final class InvalidParameterException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    InvalidParameterException(String property, String problem) {
        super(property + ": " + problem + System.lineSeparator() + "  hint: set -D" + property + "=… or <" + property.substring(property.lastIndexOf('.') + 1) + "> in the plugin's configuration");
    }
}
