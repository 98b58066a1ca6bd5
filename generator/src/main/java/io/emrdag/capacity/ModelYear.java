package io.emrdag.capacity;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * The calendar year the fleet is modelled over, in the time zone the report shows times in; times are whole minutes
 * after the year's first midnight. Any year has every day of the month 1-28 on every weekday in some month, so the
 * peaks of a project's schedules are the same whichever year is modelled, except for schedules that pin both a month
 * and a weekday, or 29 February; a fixed default keeps the output the same from year to year.
 *
 * <p>Runs are modelled from {@link #DAYS_BEFORE} days before the year (runs still going on 1 January, a week shown
 * across New Year) to {@link #DAYS_AFTER} days after it.
 */
public final class ModelYear {

    public static final int DEFAULT_YEAR = 2026;
    static final int DAYS_BEFORE = 35;
    static final int DAYS_AFTER = 8;
    public static final int MINUTES_PER_DAY = 1440;

    private final int year;
    private final ZoneId zone;
    private final Instant origin;
    private final int minutes;

    public ModelYear(int year, ZoneId zone) {
        this.year = year;
        this.zone = zone;
        this.origin = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        this.minutes = minuteOf(LocalDate.of(year + 1, 1, 1).atStartOfDay(zone));
    }

    public int year() {
        return year;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The year's first midnight. */
    public Instant origin() {
        return origin;
    }

    /** Minutes in the year (525,600 in a common year, also across summer time). */
    public int minutes() {
        return minutes;
    }

    /** The first minute runs are modelled from (negative: before the year). */
    public int first() {
        return -DAYS_BEFORE * MINUTES_PER_DAY;
    }

    /** The minute after the last one modelled. */
    public int end() {
        return minutes() + DAYS_AFTER * MINUTES_PER_DAY;
    }

    public ZonedDateTime at(int minute) {
        return origin.plusSeconds(60L * minute).atZone(zone);
    }

    public int minuteOf(ZonedDateTime time) {
        return (int) Math.floorDiv(time.toEpochSecond() - origin.getEpochSecond(), 60L);
    }

    /** Midnight of the day {@code minute} falls on. */
    public int dayStart(int minute) {
        return minuteOf(at(minute).toLocalDate().atStartOfDay(zone));
    }

    /** Midnight of the day after the one {@code minute} falls on. */
    public int dayEnd(int minute) {
        return minuteOf(at(minute).toLocalDate().plusDays(1).atStartOfDay(zone));
    }

    /** Monday midnight of the week {@code minute} falls in. */
    public int weekStart(int minute) {
        return minuteOf(at(minute).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone));
    }

    /** Midnight after the Sunday of the week {@code minute} falls in. */
    public int weekEnd(int minute) {
        return minuteOf(at(minute).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusDays(7).atStartOfDay(zone));
    }
}
