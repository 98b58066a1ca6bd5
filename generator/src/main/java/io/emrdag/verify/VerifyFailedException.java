package io.emrdag.verify;

import io.emrdag.diagnostic.UserErrorException;
import java.util.ArrayList;
import java.util.List;

/** A generated DAG file does not import, has the wrong task graph, or queries the database while parsing. */
public final class VerifyFailedException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    private final transient VerifyResult result;

    public VerifyFailedException(String output, VerifyResult result) {
        super(message(output, result));
        this.result = result;
    }

    public VerifyResult result() {
        return result;
    }

    private static String message(String output, VerifyResult result) {
        List<String> lines = new ArrayList<>();
        long failed = result.files().stream().filter(f -> !f.ok()).count();
        lines.add(failed + " of " + result.files().size() + " DAG files failed in Airflow " + result.airflowVersion()
                + " with apache-airflow-providers-amazon " + result.amazonProviderVersion() + ":");
        for (VerifyResult.FileResult file : result.files()) {
            if (file.ok()) {
                continue;
            }
            String path = output + "/" + file.file();
            if (file.importError() != null) {
                lines.add(path + ": import error:");
                file.importError().lines().forEach(l -> lines.add("    " + l));
            }
            file.problems().forEach(p -> lines.add(path + ": " + p));
        }
        result.warnings().forEach(w -> lines.add("  hint: " + w));
        lines.add("  hint: regenerate with 'emrdag generate'; if the error persists, the DAG templates or the target's"
                + " provider version are at fault (please report it)");
        return String.join(System.lineSeparator(), lines);
    }
}
