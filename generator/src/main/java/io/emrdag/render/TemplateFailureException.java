package io.emrdag.render;

import io.emrdag.diagnostic.EmrdagException;

/** A DAG template failed to render: a bug in emrdag or in a customised template folder, not in the metadata. */
public final class TemplateFailureException extends EmrdagException {

    private static final long serialVersionUID = 1L;

    public TemplateFailureException(String template, String message, Throwable cause) {
        super("template " + template + " failed: " + message, cause);
    }
}
