package io.emrdag.diagnostic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the diagnostics of one run so that every mistake is reported at once, not only the first.
 *
 * <p>A value is bound once per place it is merged into: a profile's, or {@code defaults.cluster}'s, under every
 * profile and job group that uses it. Those findings are one mistake at one line and column, seen through different
 * paths, so they are kept once: findings that differ only in their path are one, and their path is the part all of
 * them agree on (the key at the location: {@code log_uri} for {@code clusters.large.log_uri} and
 * {@code cluster.log_uri}).
 */
public final class Diagnostics {

    /** Each finding under itself with an empty path: the identity of a mistake is where it is and what it says. */
    private final Map<Diagnostic, Diagnostic> found = new LinkedHashMap<>();

    public void add(Diagnostic diagnostic) {
        found.merge(withoutPath(diagnostic), diagnostic, (kept, seen) -> kept.path().equals(seen.path()) ? kept
                : new Diagnostic(kept.severity(), kept.code(), kept.location(), commonSuffix(kept.path(), seen.path()),
                        kept.message(), kept.hint()));
    }

    public void error(String code, Location location, String path, String message, String hint) {
        add(Diagnostic.error(code, location, path, message, hint));
    }

    public void warning(String code, Location location, String path, String message, String hint) {
        add(Diagnostic.warning(code, location, path, message, hint));
    }

    /** Withdraws a finding that a more precise one explains (a missing key that is only misspelt). */
    public void withdraw(Diagnostic diagnostic) {
        found.remove(withoutPath(diagnostic));
    }

    public boolean hasErrors() {
        return found.values().stream().anyMatch(Diagnostic::isError);
    }

    /** All findings sorted by location. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> list = new ArrayList<>(found.values());
        list.sort(Diagnostic.BY_LOCATION);
        return List.copyOf(list);
    }

    /** Throws when any error was found; warnings alone let the run go on. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new MetadataException(sorted());
        }
    }

    private static Diagnostic withoutPath(Diagnostic diagnostic) {
        return new Diagnostic(diagnostic.severity(), diagnostic.code(), diagnostic.location(), "", diagnostic.message(),
                diagnostic.hint());
    }

    /** The longest run of trailing path segments two paths share ({@code a.b.log_uri}, {@code c.log_uri}: {@code log_uri}). */
    static String commonSuffix(String one, String other) {
        List<String> a = List.of(one.split("\\.", -1));
        List<String> b = List.of(other.split("\\.", -1));
        int shared = 0;
        while (shared < a.size() && shared < b.size() && a.get(a.size() - 1 - shared).equals(b.get(b.size() - 1 - shared))) {
            shared++;
        }
        return String.join(".", a.subList(a.size() - shared, a.size()));
    }
}
