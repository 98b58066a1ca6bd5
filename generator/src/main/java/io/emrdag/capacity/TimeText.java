package io.emrdag.capacity;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times of the model year as messages and the report write them: {@code Thu 1 Jan 2026, 01:30–03:40 UTC}. */
public final class TimeText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ROOT);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private TimeText() {
    }

    /** {@code Thu 1 Jan 2026}. */
    public static String day(ModelYear year, int minute) {
        return DAY.format(year.at(minute));
    }

    /** {@code Thu 1 Jan}. */
    public static String shortDay(ModelYear year, int minute) {
        return SHORT_DAY.format(year.at(minute));
    }

    /** {@code 01:30}. */
    public static String clock(ModelYear year, int minute) {
        return CLOCK.format(year.at(minute));
    }

    /** {@code Thu 1 Jan 2026 01:30 UTC}. */
    public static String moment(ModelYear year, int minute) {
        return day(year, minute) + " " + clock(year, minute) + " " + zone(year);
    }

    /** {@code Thu 1 Jan 2026, 01:30–03:40 UTC}, or with both days when the stretch crosses midnight. */
    public static String window(ModelYear year, int from, int to) {
        ZonedDateTime start = year.at(from);
        ZonedDateTime end = year.at(to);
        boolean sameDay = start.toLocalDate().equals(end.toLocalDate()) || end.toLocalDate().equals(start.toLocalDate().plusDays(1))
                && end.toLocalTime().equals(LocalTime.MIDNIGHT);
        return sameDay ? day(year, from) + ", " + clock(year, from) + "–" + (to == year.dayEnd(from) ? "24:00" : clock(year, to)) + " " + zone(year)
                : day(year, from) + " " + clock(year, from) + " – " + day(year, to) + " " + clock(year, to) + " " + zone(year);
    }

    /** {@code 365 days of 2026}, {@code 1 day of 2026}. */
    public static String days(ModelYear year, int days) {
        return days + (days == 1 ? " day of " : " days of ") + year.year();
    }

    /** The zone's id ({@code UTC}, {@code Europe/Berlin}). */
    public static String zone(ModelYear year) {
        return year.zone().getId();
    }

    /** {@code 3 h 40 min}, {@code 45 min}. */
    public static String duration(long minutes) {
        return minutes >= 60 ? minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min") : minutes + " min";
    }
}
