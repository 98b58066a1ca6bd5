package io.emrdag.capacity;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron schedule (or a preset) expanded into the times Airflow starts runs: the syntax
 * {@code validate} accepts (numbers, names, ranges, steps, lists) with Airflow's croniter semantics, where a day
 * matches either restricted day-of-month or restricted day-of-week ({@code 0 0 1 * MON}: the 1st and every Monday).
 *
 * <p>cron-utils, which checks the syntax, computes one next execution at a time; a year of a five-minute schedule
 * is 100,000 of them. Expanding the fields into sets once and walking the calendar is what makes a year of
 * thousands of job groups cheap, and a test holds the two to the same times.
 */
public final class CronSchedule {

    /** Airflow's presets and the expressions they stand for ({@code @once} and {@code @continuous} are not crons). */
    static final Map<String, String> PRESETS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@quarterly", "0 0 1 */3 *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    /** Both day fields restricted: a day matches either of them (croniter's day_or). */
    private final boolean eitherDay;

    private CronSchedule(BitSet[] fields, boolean eitherDay) {
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.eitherDay = eitherDay;
    }

    /** The schedule of a cron expression or preset; empty for anything else (null, @once, @continuous). */
    public static Optional<CronSchedule> parse(String schedule) {
        if (schedule == null) {
            return Optional.empty();
        }
        String expression = PRESETS.getOrDefault(schedule, schedule);
        String[] parts = expression.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            BitSet[] fields = {field(parts[0], 0, 59, List.of()), field(parts[1], 0, 23, List.of()),
                    field(parts[2], 1, 31, List.of()), field(parts[3], 1, 12, MONTHS), field(parts[4], 0, 7, DAYS)};
            if (fields[4].get(7)) {
                fields[4].set(0);
                fields[4].clear(7);
            }
            boolean domAll = fields[2].cardinality() == 31;
            boolean dowAll = fields[4].cardinality() == 7;
            boolean domStar = parts[2].equals("*") || domAll && parts[4].contains("*");
            boolean dowStar = parts[4].equals("*") || dowAll && parts[2].contains("*");
            return Optional.of(new CronSchedule(fields, !domStar && !dowStar));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The days of a modelled period in one time zone, with each day's midnight and whether its clock is steady (no
     * change of summer time): computed once per zone and shared by every schedule read in it.
     */
    public static final class Days {
        private final ZoneId zone;
        private final LocalDate[] dates;
        private final long[] midnights;
        private final boolean[] steady;

        private Days(ZoneId zone, LocalDate first, LocalDate last) {
            this.zone = zone;
            int count = (int) (last.toEpochDay() - first.toEpochDay() + 1);
            dates = new LocalDate[count];
            midnights = new long[count];
            steady = new boolean[count];
            ZoneRules rules = zone.getRules();
            for (int i = 0; i < count; i++) {
                LocalDate day = first.plusDays(i);
                ZoneOffset offset = rules.getOffset(day.atStartOfDay());
                dates[i] = day;
                midnights[i] = day.toEpochDay() * 86_400L - offset.getTotalSeconds();
                steady[i] = offset.equals(rules.getOffset(day.plusDays(1).atStartOfDay())) && rules.getTransition(day.atStartOfDay()) == null;
            }
        }
    }

    /** The days in {@code zone} that hold the minutes {@code from} to {@code to} after {@code origin}, and one more each side. */
    public static Days days(ZoneId zone, Instant origin, int from, int to) {
        return new Days(zone, origin.plusSeconds(60L * from).atZone(zone).toLocalDate().minusDays(1),
                origin.plusSeconds(60L * to).atZone(zone).toLocalDate().plusDays(1));
    }

    /**
     * The start of every run from {@code from} to {@code to} (exclusive), in minutes after {@code origin}, sorted; the
     * schedule is read in {@code zone} (a job group's time zone), like Airflow reads it.
     */
    public int[] starts(ZoneId zone, Instant origin, int from, int to) {
        return starts(days(zone, origin, from, to), origin, from, to);
    }

    /** As {@link #starts(ZoneId, Instant, int, int)}, over days computed before (they must cover the period). */
    public int[] starts(Days days, Instant origin, int from, int to) {
        long originSecond = origin.getEpochSecond();
        int[] out = new int[64];
        int n = 0;
        for (int d = 0; d < days.dates.length; d++) {
            LocalDate day = days.dates[d];
            if (!matches(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    long second = days.steady[d] ? days.midnights[d] + hour * 3600L + minute * 60L
                            : ZonedDateTime.ofLocal(LocalDateTime.of(day, LocalTime.of(hour, minute)), days.zone, null).toEpochSecond();
                    long at = Math.floorDiv(second - originSecond, 60L);
                    if (at >= from && at < to) {
                        if (n == out.length) {
                            out = Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = (int) at;
                    }
                }
            }
        }
        int[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return Arrays.stream(sorted).distinct().toArray();
    }

    /** Whether runs start on {@code day} (at the schedule's hours and minutes). */
    boolean matches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        return eitherDay ? dom || dow : dom && dow;
    }

    /** One field: a list of {@code *}, values, ranges, each with an optional {@code /step}. */
    private static BitSet field(String text, int min, int max, List<String> names) {
        BitSet out = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String[] stepped = part.split("/", -1);
            if (stepped.length > 2) {
                throw new IllegalArgumentException(part);
            }
            int step = stepped.length == 2 ? Integer.parseInt(stepped[1]) : 1;
            int low;
            int high;
            if (stepped[0].equals("*")) {
                low = min;
                high = max;
            } else if (stepped[0].contains("-")) {
                String[] range = stepped[0].split("-", -1);
                low = value(range[0], min, names);
                high = value(range[1], min, names);
            } else {
                low = value(stepped[0], min, names);
                high = stepped.length == 2 ? max : low;
            }
            if (step < 1 || low < min || high > max || low > high) {
                throw new IllegalArgumentException(part);
            }
            for (int v = low; v <= high; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int value(String text, int min, List<String> names) {
        int named = names.indexOf(text);
        return named >= 0 ? named + min : Integer.parseInt(text);
    }
}
