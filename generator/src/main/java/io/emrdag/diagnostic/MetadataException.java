package io.emrdag.diagnostic;

import java.util.List;
import java.util.stream.Collectors;

/** The metadata has errors; carries every located diagnostic of the run (warnings included). */
public final class MetadataException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public MetadataException(List<Diagnostic> diagnostics) {
        super(summary(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** How many errors there are, as every front end says it: "1 error", "3 errors". */
    public String errorCount() {
        return errorCount(diagnostics);
    }

    private static String errorCount(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        return errors + (errors == 1 ? " error" : " errors");
    }

    private static String summary(List<Diagnostic> diagnostics) {
        return errorCount(diagnostics) + " in the job-group metadata:"
                + System.lineSeparator()
                + diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining(System.lineSeparator()));
    }
}
