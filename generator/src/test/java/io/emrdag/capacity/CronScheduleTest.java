package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * emrdag expands schedules itself (cron-utils computes one execution at a time, far too slow for a year of thousands
 * of job groups); here the expansion is held to cron-utils, which validate uses, on a seeded sample of expressions,
 * and to croniter's rule (Airflow's) where the two day fields are both restricted.
 */
class CronScheduleTest {

    private static final CronParser CRON_UTILS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String[] MINUTES = {"*", "0", "*/15", "5,35", "10-20/5", "7", "59", "0-59/20"};
    private static final String[] HOURS = {"*", "1", "2-5", "*/6", "0,12", "23", "9-17/4"};
    private static final String[] DAYS = {"*", "1", "15", "1-7", "*/10", "28-31", "2,4,6"};
    private static final String[] MONTHS = {"*", "1-6", "*/3", "jan,jul", "FEB", "12"};
    private static final String[] WEEKDAYS = {"*", "1", "MON-FRI", "0", "7", "sat,sun", "2-4"};

    @Test
    void aSeededSampleOfExpressionsStartsWhenCronUtilsSaysInUtcAndInBerlin() {
        Random random = new Random(17);
        for (int i = 0; i < 300; i++) {
            boolean dayOfMonth = random.nextBoolean();
            String expression = String.join(" ", pick(random, MINUTES), pick(random, HOURS),
                    dayOfMonth ? pick(random, DAYS) : "*", pick(random, MONTHS), dayOfMonth ? "*" : pick(random, WEEKDAYS));
            for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"))) {
                // 40 days without a change of summer time in Berlin.
                Instant origin = LocalDate.of(2026, 4, 1).atStartOfDay(zone).toInstant();
                assertArrayEquals(cronUtils(expression, zone, origin, 40), ours(expression, zone, origin, 40), expression + " in " + zone);
            }
        }
    }

    @Test
    void bothDayFieldsRestrictedMeansEitherAsInAirflow() {
        Instant origin = LocalDate.of(2026, 6, 1).atStartOfDay(ZoneId.of("UTC")).toInstant();
        int[] starts = ours("0 0 1 * 1", ZoneId.of("UTC"), origin, 30);
        // 1 June 2026 is a Monday; then Mondays 8, 15, 22, 29: the 1st or a Monday.
        assertArrayEquals(new int[] {0, 7 * 1440, 14 * 1440, 21 * 1440, 28 * 1440}, starts);
        int[] firstOrFifteenth = ours("0 0 1,15 * 0", ZoneId.of("UTC"), origin, 30);
        // 1st (Mon), Sundays 7, 14, 21, 28, and the 15th (Mon).
        assertArrayEquals(new int[] {0, 6 * 1440, 13 * 1440, 14 * 1440, 20 * 1440, 27 * 1440}, firstOrFifteenth);
        // Only a literal '*' leaves a day field out: a full range or step is a restriction when the other field has no
        // '*' (croniter), so these run every day of the month, or on Mondays...
        assertEquals(30, ours("0 0 1-31 * 1", ZoneId.of("UTC"), origin, 30).length);
        assertEquals(30, ours("0 0 */1 * 1", ZoneId.of("UTC"), origin, 30).length);
        // ... and this on Mondays only.
        assertEquals(5, ours("0 0 * * 1", ZoneId.of("UTC"), origin, 30).length);
    }

    @Test
    void presetsAreAirflowsExpressions() {
        Instant origin = LocalDate.of(2026, 1, 1).atStartOfDay(ZoneId.of("UTC")).toInstant();
        assertEquals(365, ours("@daily", ZoneId.of("UTC"), origin, 365).length);
        assertEquals(52, ours("@weekly", ZoneId.of("UTC"), origin, 365).length);
        assertEquals(12, ours("@monthly", ZoneId.of("UTC"), origin, 365).length);
        assertEquals(4, ours("@quarterly", ZoneId.of("UTC"), origin, 365).length);
        assertEquals(1, ours("@yearly", ZoneId.of("UTC"), origin, 365).length);
        assertEquals(365 * 24, ours("@hourly", ZoneId.of("UTC"), origin, 365).length);
        assertTrue(CronSchedule.parse("@once").isEmpty());
        assertTrue(CronSchedule.parse(null).isEmpty());
        assertTrue(CronSchedule.parse("0 0 * * 6-2").isEmpty(), "a backwards range is not a schedule");
    }

    @Test
    void aJobGroupsTimeZoneMovesItsRunsAcrossSummerTime() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant origin = LocalDate.of(2026, 3, 27).atStartOfDay(ZoneId.of("UTC")).toInstant();
        int[] starts = CronSchedule.parse("30 1 * * *").orElseThrow().starts(berlin, origin, 0, 4 * 1440);
        // 01:30 in Berlin: 00:30 UTC in winter (27, 28 and 29 March: summer time starts at 02:00 on the 29th), then
        // 23:30 UTC the day before (30 and 31 March).
        assertArrayEquals(new int[] {30, 1440 + 30, 2 * 1440 + 30, 3 * 1440 - 30, 4 * 1440 - 30}, starts);
        // 02:30 does not exist on 29 March in Berlin: the run starts an hour later, like Airflow's.
        int[] gap = CronSchedule.parse("30 2 29 3 *").orElseThrow().starts(berlin, origin, 0, 4 * 1440);
        assertEquals(List.of("2026-03-29T03:30+02:00[Europe/Berlin]"), at(origin, berlin, gap));
    }

    private static List<String> at(Instant origin, ZoneId zone, int[] minutes) {
        List<String> out = new ArrayList<>();
        for (int minute : minutes) {
            out.add(origin.plusSeconds(60L * minute).atZone(zone).toString());
        }
        return out;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static int[] ours(String expression, ZoneId zone, Instant origin, int days) {
        return CronSchedule.parse(expression).orElseThrow().starts(zone, origin, 0, days * 1440);
    }

    private static int[] cronUtils(String expression, ZoneId zone, Instant origin, int days) {
        ExecutionTime times = ExecutionTime.forCron(CRON_UTILS.parse(expression));
        List<Integer> out = new ArrayList<>();
        ZonedDateTime at = origin.atZone(zone).minusSeconds(1);
        Instant end = origin.plusSeconds(days * 86_400L);
        while (true) {
            ZonedDateTime next = times.nextExecution(at).orElse(null);
            if (next == null || !next.toInstant().isBefore(end)) {
                break;
            }
            out.add((int) ((next.toEpochSecond() - origin.getEpochSecond()) / 60));
            at = next;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
