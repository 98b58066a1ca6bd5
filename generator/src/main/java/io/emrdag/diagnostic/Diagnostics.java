package io.emrdag.diagnostic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of one run so that every mistake is reported at once, not only the first.
 * Identical findings (a profile error seen through several job groups) are kept once.
 */
public final class Diagnostics {

    private final Set<Diagnostic> found = new LinkedHashSet<>();

    public void add(Diagnostic diagnostic) {
        found.add(diagnostic);
    }

    public void error(String code, Location location, String path, String message, String hint) {
        add(Diagnostic.error(code, location, path, message, hint));
    }

    public void warning(String code, Location location, String path, String message, String hint) {
        add(Diagnostic.warning(code, location, path, message, hint));
    }

    /** Withdraws a finding that a more precise one explains (a missing key that is only misspelt). */
    public void withdraw(Diagnostic diagnostic) {
        found.remove(diagnostic);
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(Diagnostic::isError);
    }

    /** All findings sorted by location. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> list = new ArrayList<>(found);
        list.sort(Diagnostic.BY_LOCATION);
        return List.copyOf(list);
    }

    /** Throws when any error was found; warnings alone let the run go on. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new MetadataException(sorted());
        }
    }
}
