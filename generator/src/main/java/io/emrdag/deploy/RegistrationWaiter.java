package io.emrdag.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.emrdag.diagnostic.Progress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * After a deploy, polls Airflow until every deployed DAG is registered from its new file, and fails with
 * Airflow's import error text as soon as one of emrdag's files does not import.
 *
 * <p>Three things make "registered" subtle. A DAG that existed before is registered already, so a changed file
 * only counts once Airflow has parsed it after the upload ({@code last_parsed_time} not before the deploy).
 * An import error recorded before the deploy is the previous version's: only errors timestamped after the
 * deploy's uploads can fail it. And MWAA copies new files into Airflow's folder only a while (~30 s) after the
 * upload: until then Airflow keeps re-parsing the previous versions and re-stamps their import errors with
 * times after the deploy. So an error fails the deploy only if its text differs from the error Airflow showed
 * for that file at the first poll (the previous version's); one that stays the same is named when the wait
 * times out.
 */
final class RegistrationWaiter {

    private static final int PAGE = 100;
    private static final Duration CLOCK_RESOLUTION = Duration.ofSeconds(1);

    private final AirflowApi api;
    private final Progress progress;
    private final Duration pollInterval;
    private final Supplier<Instant> clock;
    private final Sleeper sleeper;

    /** Waits between polls; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    RegistrationWaiter(AirflowApi api, Progress progress, Duration pollInterval, Supplier<Instant> clock, Sleeper sleeper) {
        this.api = api;
        this.progress = progress;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * @param dags     deployed file → DAG id, for every DAG file of the deployment
     * @param uploaded the files uploaded by this deploy (must be parsed anew)
     * @param fingerprints uploaded file → the fingerprint in its doc_md: such a file counts as registered only
     *                 when Airflow's doc_md of its DAG carries it (proof that Airflow parsed the new version);
     *                 files without one count from their first parse after the uploads
     * @param uploadsEnded when the deploy's last write ended, on the store's (AWS) clock
     */
    RegistrationReport await(Map<String, String> dags, Set<String> uploaded, Instant uploadsEnded, Duration timeout) {
        return await(dags, uploaded, Map.of(), uploadsEnded, timeout);
    }

    RegistrationReport await(Map<String, String> dags, Set<String> uploaded, Map<String, String> fingerprints,
            Instant uploadsEnded, Duration timeout) {
        // The store's clock comes from HTTP Date headers, whole seconds rounded down: uploadsEnded may be up to a
        // second early, and a parse of the previous file in that second must not count as the new file's.
        Instant since = uploadsEnded.plus(CLOCK_RESOLUTION);
        Instant start = clock.get();
        Instant deadline = start.plus(timeout);
        TreeSet<String> waiting = new TreeSet<>(dags.keySet());
        int polls = 0;
        Map<String, String> before = null;
        Map<String, String> unchanged = new TreeMap<>();
        while (true) {
            polls++;
            String unavailable = "";
            Map<String, String> shown = new TreeMap<>();
            Map<String, String> errors = new TreeMap<>();
            ImportErrors importErrors = importErrors();
            if (importErrors.failure() != null) {
                unavailable = "; Airflow's REST API answered " + importErrors.failure();
            } else {
                unchanged.clear();
            }
            for (JsonNode error : importErrors.errors()) {
                String path = deployedFile(error, dags);
                if (path == null) {
                    continue;
                }
                String text = error.path("stack_trace").asText("");
                shown.put(path, text);
                Instant when = time(error.path("timestamp"));
                boolean older = when != null && when.isBefore(since);
                if (!older && before != null && !text.equals(before.get(path))) {
                    errors.put(path, text);
                } else {
                    unchanged.put(path, text);
                }
            }
            if (before == null && importErrors.failure() == null) {
                before = shown;
            }
            if (!errors.isEmpty()) {
                throw new ImportErrorsException(errors);
            }
            boolean moduleBroken = shown.keySet().stream().anyMatch(p -> !dags.containsKey(p));
            for (String path : new ArrayList<>(waiting)) {
                if (moduleBroken || shown.containsKey(path)) {
                    // Airflow still shows an import error for this file (an old one, or the module's): whatever
                    // DAG it has registered is from an earlier version.
                    continue;
                }
                String fingerprint = uploaded.contains(path) ? fingerprints.get(path) : null;
                String resource = "/dags/" + dags.get(path) + (fingerprint != null ? "/details" : "");
                AirflowApi.Response dag = api.get(resource, Map.of());
                if (dag.status() >= 500) {
                    unavailable = "; Airflow's REST API answered " + dag.status() + " to " + resource + ": " + dag.body();
                }
                boolean current = fingerprint != null
                        ? dag.body().path("doc_md").asText("").contains("emrdag fingerprint " + fingerprint)
                        : !uploaded.contains(path) || parsedSince(dag.body(), since);
                if (dag.status() == 200 && active(dag.body()) && current) {
                    waiting.remove(path);
                }
            }
            if (waiting.isEmpty()) {
                return new RegistrationReport(new ArrayList<>(new TreeSet<>(dags.values())), polls, Duration.between(start, clock.get()));
            }
            if (!clock.get().isBefore(deadline)) {
                List<String> ids = waiting.stream().map(dags::get).toList();
                throw new RegistrationTimeoutException("Airflow did not register " + ids.size() + " of " + dags.size()
                        + " deployed DAGs within " + timeout.toSeconds() + " s: " + String.join(", ", ids)
                        + stillShown(unchanged) + unavailable
                        + System.lineSeparator() + "  hint: MWAA picks files up every 30 s or so and parses them in turn;"
                        + " wait longer (--wait 15m) or look at the scheduler's logs");
            }
            progress.report("waiting for Airflow to register " + waiting.size() + " of " + dags.size() + " DAGs ("
                    + waiting.stream().limit(3).map(dags::get).toList() + (waiting.size() > 3 ? "…" : "") + ")");
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistrationTimeoutException("interrupted while waiting for Airflow to register the DAGs");
            }
        }
    }

    /** Errors re-stamped after the deploy but the same as before it: the new file may not have reached Airflow yet. */
    private static String stillShown(Map<String, String> unchanged) {
        StringBuilder text = new StringBuilder();
        unchanged.forEach((path, error) -> {
            List<String> lines = error.strip().lines().toList();
            text.append(System.lineSeparator()).append("  ").append(path)
                    .append(": Airflow still shows the import error it showed when the deploy finished")
                    .append(lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
        });
        return text.toString();
    }

    /**
     * The deployed file (a DAG file, or a shared module, which breaks every DAG and is reported under its own name)
     * an import error is about, or null for someone else's file. Airflow 2's REST API v1 gives the absolute path in
     * the scheduler's DAG folder, whose location emrdag does not know, so a file matches by the end of that path.
     * Airflow 3's v2 gives the path relative to the error's DAG bundle ({@code bundle_name}; on MWAA the bundle is the
     * DAG folder), so a file matches only exactly: another team's file of the same name in a sub-folder is not taken
     * for emrdag's.
     */
    static String deployedFile(JsonNode error, Map<String, String> dags) {
        String file = error.path("filename").asText("");
        boolean bundleRelative = error.hasNonNull("bundle_name");
        Predicate<String> names = path -> file.equals(path) || !bundleRelative && file.endsWith("/" + path);
        for (String path : dags.keySet()) {
            if (names.test(path)) {
                return path;
            }
        }
        for (String path : dags.keySet()) {
            String folder = path.substring(0, path.lastIndexOf('/') + 1);
            for (String module : List.of("templates.py", "template_generator.py")) {
                if (names.test(folder + module)) {
                    return folder + module;
                }
            }
        }
        return null;
    }

    /** One poll's import errors, or none and the server error Airflow answered with (asked again next poll). */
    private record ImportErrors(List<JsonNode> errors, String failure) {
    }

    private ImportErrors importErrors() {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            AirflowApi.Response page = api.get("/importErrors", Map.of("limit", String.valueOf(PAGE), "offset", String.valueOf(offset)));
            if (page.status() >= 500) {
                return new ImportErrors(List.of(), page.status() + " to /importErrors: " + page.body());
            }
            if (page.status() != 200) {
                throw new RegistrationTimeoutException("the Airflow REST API answered " + page.status() + " to /importErrors: " + page.body());
            }
            JsonNode errors = page.body().path("import_errors");
            errors.forEach(all::add);
            if (errors.size() < PAGE || all.size() >= page.body().path("total_entries").asInt(0)) {
                return new ImportErrors(all, null);
            }
        }
    }

    /** Airflow 2 says {@code is_active}, Airflow 3 {@code is_stale}. */
    private static boolean active(JsonNode dag) {
        return dag.path("is_active").asBoolean(true) && !dag.path("is_stale").asBoolean(false);
    }

    private static boolean parsedSince(JsonNode dag, Instant since) {
        Instant parsed = time(dag.path("last_parsed_time"));
        return parsed != null && !parsed.isBefore(since);
    }

    private static Instant time(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
