package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The queue of triggered runs takes whole stretches of evenly spaced triggers at once: it must start exactly the runs,
 * and report exactly the longest wait, that queueing each trigger on its own gives.
 */
class QueuedRunsTest {

    /** Sorted minutes: evenly spaced stretches, repeats and irregular gaps, stored plain or in stretches. */
    private static int[] sorted(Random random, int most) {
        int[] out = new int[random.nextInt(most)];
        int minute = random.nextInt(4000) - 2000;
        int step = 1 + random.nextInt(150);
        for (int i = 0; i < out.length; i++) {
            int kind = random.nextInt(12);
            minute += kind < 8 ? step : kind < 9 ? 0 : random.nextInt(800);
            if (kind == 11) {
                step = random.nextInt(150);
            }
            out[i] = minute;
        }
        return out;
    }

    private static Minutes stored(Random random, int[] minutes) {
        int shift = random.nextInt(3) == 0 ? random.nextInt(200) - 100 : 0;
        int[] unshifted = Arrays.stream(minutes).map(m -> m - shift).toArray();
        if (random.nextBoolean()) {
            return Minutes.of(unshifted).plus(shift);
        }
        Minutes.Builder builder = new Minutes.Builder();
        Arrays.stream(unshifted).forEach(builder::add);
        return builder.build().plus(shift);
    }

    /** A sequence's stretches as read, each as first, step, count. */
    private static List<List<Integer>> read(Minutes minutes) {
        List<List<Integer>> out = new ArrayList<>();
        for (Minutes.Stretches s = minutes.stretches(); s.count > 0; s.take(s.count)) {
            out.add(List.of(s.first, s.step, s.count));
        }
        return out;
    }

    /** Each trigger queued on its own, in order (the plain model the stretches must match). */
    private static Runs.Wait reference(int[] triggers, int length, int overlap, int before, List<Integer> starts) {
        int[] free = new int[Math.max(1, overlap)];
        Arrays.fill(free, Integer.MIN_VALUE);
        Runs.Wait longest = new Runs.Wait(0, 0);
        for (int trigger : triggers) {
            int slot = 0;
            for (int i = 1; i < free.length; i++) {
                slot = free[i] < free[slot] ? i : slot;
            }
            int start = Math.max(trigger, free[slot]);
            if (start >= before) {
                break;
            }
            if (start - trigger > longest.minutes()) {
                longest = new Runs.Wait(start - trigger, start);
            }
            starts.add(start);
            free[slot] = start + length;
        }
        return longest;
    }

    @Test
    void stretchesQueueAsEachTriggerOnItsOwn() {
        Random random = new Random(2027);
        Minutes.Builder builder = new Minutes.Builder();
        for (int round = 0; round < 4000; round++) {
            int[] scheduled = sorted(random, 300);
            int upstreamCount = random.nextInt(8) == 0 ? 2 + random.nextInt(2) : 1;
            List<int[]> upstreams = new ArrayList<>();
            for (int u = 0; u < upstreamCount; u++) {
                upstreams.add(sorted(random, 600));
            }
            int length = 1 + random.nextInt(random.nextBoolean() ? 40 : 300);
            int overlap = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
            int before = random.nextInt(6) == 0 ? Integer.MAX_VALUE : random.nextInt(60_000) - 2000;

            int[] triggers = upstreamCount == 1 ? Arrays.stream(upstreams.get(0)).filter(m -> m < before).toArray()
                    : allFresh(upstreams, before);
            int[] all = new int[scheduled.length + triggers.length];
            System.arraycopy(scheduled, 0, all, 0, scheduled.length);
            System.arraycopy(triggers, 0, all, scheduled.length, triggers.length);
            Arrays.sort(all);
            List<Integer> expected = new ArrayList<>();
            Runs.Wait longest = reference(all, length, overlap, before, expected);

            List<Minutes> finishes = upstreams.stream().map(u -> stored(random, u)).toList();
            Runs runs = new Runs(stored(random, scheduled), length, overlap).withTriggersAfter(finishes, before, builder);
            String where = "round " + round + ": length " + length + ", overlap " + overlap + ", before " + before;
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), runs.finishes().plus(-length).toArray(), where);
            assertEquals(longest, runs.longestWait(), where);
        }
    }

    @Test
    void aScheduleSplittingBackToBackUpstreamRunsQueuesAsEachTriggerOnItsOwn() {
        // The long chain's shape: the upstream busy back to back (finishes a run's length apart, or closer), the group's
        // own schedule between them, on them, or both ways round; queued behind a backlog or not.
        Random random = new Random(1971);
        Minutes.Builder builder = new Minutes.Builder();
        for (int round = 0; round < 3000; round++) {
            int length = 1 + random.nextInt(120);
            int upstreamStep = random.nextInt(4) == 0 ? 1 + random.nextInt(length) : length;
            int scheduleStep = random.nextInt(3) == 0 ? upstreamStep * (1 + random.nextInt(20)) : 1 + random.nextInt(2000);
            int[] upstream = evenly(random.nextInt(3000) - 1500, upstreamStep, random.nextInt(600));
            int[] schedule = evenly(random.nextInt(3000) - 1500 + (random.nextBoolean() ? 0 : random.nextInt(upstreamStep)),
                    scheduleStep, random.nextInt(60));
            boolean swapped = random.nextInt(4) == 0;
            int[] scheduled = swapped ? upstream : schedule;
            int[] triggers = swapped ? schedule : upstream;
            int before = random.nextInt(5) == 0 ? random.nextInt(40_000) : Integer.MAX_VALUE;
            int[] all = new int[scheduled.length + triggers.length];
            System.arraycopy(scheduled, 0, all, 0, scheduled.length);
            System.arraycopy(triggers, 0, all, scheduled.length, triggers.length);
            Arrays.sort(all);
            List<Integer> expected = new ArrayList<>();
            Runs.Wait longest = reference(all, length, 1, before, expected);

            Runs runs = new Runs(stored(random, scheduled), length, 1).withTriggersAfter(List.of(stored(random, triggers)), before, builder);
            String where = "round " + round + ": length " + length + ", steps " + upstreamStep + "/" + scheduleStep + ", before " + before;
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), runs.finishes().plus(-length).toArray(), where);
            assertEquals(longest, runs.longestWait(), where);
        }
    }

    private static int[] evenly(int first, int step, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    /** The minutes at which every upstream has finished again since the last such minute. */
    private static int[] allFresh(List<int[]> upstreams, int before) {
        List<long[]> finishes = new ArrayList<>();
        for (int u = 0; u < upstreams.size(); u++) {
            for (int minute : upstreams.get(u)) {
                finishes.add(new long[] {minute, u});
            }
        }
        finishes.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        boolean[] fresh = new boolean[upstreams.size()];
        List<Integer> out = new ArrayList<>();
        for (long[] finish : finishes) {
            fresh[(int) finish[1]] = true;
            boolean all = true;
            for (boolean f : fresh) {
                all &= f;
            }
            if (all) {
                if (finish[0] < before) {
                    out.add((int) finish[0]);
                }
                Arrays.fill(fresh, false);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aBuilderTakesAStretchAsItsMinutesOneByOneAndIsEmptyAgainOnceBuilt() {
        Random random = new Random(11);
        Minutes.Builder bulk = new Minutes.Builder();
        for (int round = 0; round < 2000; round++) {
            Minutes.Builder single = new Minutes.Builder();
            List<Integer> all = new ArrayList<>();
            int minute = random.nextInt(1000);
            for (int part = random.nextInt(6); part >= 0; part--) {
                int step = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(60);
                int count = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 3 : 200);
                for (int k = 0; k < count; k++) {
                    single.add(minute + k * step);
                    all.add(minute + k * step);
                }
                bulk.addEvenly(minute, step, count);
                minute += count * step + random.nextInt(3) * random.nextInt(100);
            }
            Minutes one = single.build();
            Minutes other = bulk.build();
            assertArrayEquals(all.stream().mapToInt(Integer::intValue).toArray(), other.toArray(), "round " + round);
            assertEquals(read(one), read(other), "the same stretches, round " + round);
        }
    }
}
