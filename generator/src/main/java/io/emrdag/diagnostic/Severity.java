package io.emrdag.diagnostic;

/** How bad a diagnostic is: errors stop generation, warnings are reported and let it go on. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
