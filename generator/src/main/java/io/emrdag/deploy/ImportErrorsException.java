package io.emrdag.deploy;

import io.emrdag.diagnostic.UserErrorException;
import java.util.Map;

/** Airflow reports import errors for files emrdag deployed; the message carries Airflow's own error text. */
public final class ImportErrorsException extends UserErrorException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> errors;

    public ImportErrorsException(Map<String, String> errors) {
        super(message(errors));
        this.errors = Map.copyOf(errors);
    }

    /** Deployed file → Airflow's import error text. */
    public Map<String, String> errors() {
        return errors;
    }

    private static String message(Map<String, String> errors) {
        StringBuilder text = new StringBuilder("Airflow cannot import " + errors.size()
                + (errors.size() == 1 ? " deployed file:" : " deployed files:"));
        errors.forEach((file, error) -> text.append(System.lineSeparator()).append(file).append(": ")
                .append(error.strip().replace("\n", System.lineSeparator() + "    ")));
        return text.append(System.lineSeparator())
                .append("  hint: run 'emrdag verify' before deploying; fix the error and deploy again").toString();
    }
}
