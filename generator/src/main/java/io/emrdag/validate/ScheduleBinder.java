package io.emrdag.validate;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.emrdag.diagnostic.Diagnostic;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Binds a job group's {@code schedule}: a five-field cron expression, a preset, or {@code null} for manual runs.
 *
 * <p>Thread-safe; one per project, so that each expression is parsed once.
 */
final class ScheduleBinder {

    /** Real cron expressions are short; the parser's cost grows fast with length. */
    private static final int MAX_CRON_LENGTH = 200;
    /** Compiled once: {@code String.split} compiles its pattern on every call. */
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    /** Unix cron, the five-field syntax Airflow's schedules use. */
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /**
     * What the cron parser said of each expression seen in this project (empty: valid). Thousands of job groups
     * share a few dozen schedules, and cron-utils compiles regular expressions on every parse.
     */
    private final ConcurrentMap<String, Optional<String>> cronProblems =
            new ConcurrentHashMap<>();

    /** The schedule, normalised to single spaces; {@code null} for manual runs or when it is wrong (reported). */
    String bind(Fields fields) {
        if (!fields.has("schedule")) {
            if (fields.raw("schedule") == null) {
                fields.missing("schedule", "a cron expression such as \"0 2 * * *\", a preset such as @daily, or null for manual runs");
            }
            return null;
        }
        String schedule = fields.string("schedule", null);
        if (schedule == null || schedule.equals("none")) {
            return null;
        }
        if (schedule.startsWith("@")) {
            return fields.oneOf("schedule", null, Shapes.SCHEDULE_PRESETS);
        }
        String[] parts = BLANKS.split(schedule.trim());
        String problem = parts.length != 5 ? parts.length + " fields instead of 5"
                : schedule.length() > MAX_CRON_LENGTH ? "longer than " + MAX_CRON_LENGTH + " characters" : null;
        if (problem == null) {
            problem = cronProblems.computeIfAbsent(String.join(" ", parts), ScheduleBinder::cronProblem).orElse(null);
        }
        if (problem != null) {
            fields.error("schedule", "E120", "not a valid cron expression \"" + Diagnostic.excerpt(schedule) + "\" (" + problem + ")",
                    "minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" (02:00 every day), or a preset such as @daily");
            return null;
        }
        return String.join(" ", parts);
    }

    /** cron-utils' objection to a five-field expression; its parser is thread-safe (documented since 9.1.7). */
    private static Optional<String> cronProblem(String expression) {
        try {
            CRON.parse(expression).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.ofNullable(e.getMessage()).or(() -> Optional.of("invalid"));
        }
    }
}
