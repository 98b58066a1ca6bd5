package io.emrdag.capacity;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The runs of one job group over the modelled period: sorted start minutes and the run's length. Airflow starts at
 * most {@code max_active_runs} runs of a DAG at once and queues the rest, so a run that is expected to outlast the
 * schedule keeps the cluster busy until the run {@code max_active_runs} after it starts, never longer: that is the
 * most clusters the job group holds at once.
 */
public final class Runs {

    /** What to do with one run: its start and end minute. */
    @FunctionalInterface
    public interface Visitor {
        void run(int start, int end);
    }

    static final Runs NONE = new Runs(Minutes.NONE, 1, 1);

    private final Minutes starts;
    private final int length;
    private final int overlap;
    private final Wait longestWait;

    /**
     * The longest a triggered run waited for one of the {@code max_active_runs} slots.
     *
     * @param minutes how long it waited
     * @param started the minute it started at last
     */
    public record Wait(int minutes, int started) {
    }

    Runs(Minutes starts, int length, int overlap) {
        this(starts, length, overlap, new Wait(0, 0));
    }

    private Runs(Minutes starts, int length, int overlap, Wait longestWait) {
        this.starts = starts;
        this.length = length;
        this.overlap = Math.max(1, overlap);
        this.longestWait = longestWait;
    }

    /** The longest wait of a run its upstream groups started (none waited: 0 minutes). */
    public Wait longestWait() {
        return longestWait;
    }

    /** Back-to-back runs ({@code @continuous}): one starts when the last ends, from {@code from} to {@code to}. */
    static Runs continuous(int from, int to, int length) {
        return new Runs(Minutes.evenly(from, length, (int) ((to - (long) from + length - 1) / length)), length, 1);
    }

    /**
     * What makes two job groups' runs the same: the same start times (one shared sequence per schedule and time zone),
     * length and overlap. Thousands of job groups share a few shapes, and the concurrency is summed per shape.
     */
    Object shape() {
        return new Shape(starts, length, overlap);
    }

    /** The sequence is compared by identity: schedules are expanded once and shared. */
    private record Shape(Minutes starts, int length, int overlap) {
    }

    /** How many runs start from {@code from} to {@code to} (exclusive). */
    public int countIn(int from, int to) {
        return index(to) - index(from);
    }

    public int length() {
        return length;
    }

    /** The minute each run is expected to succeed (its start plus its length), in start order. */
    Minutes finishes() {
        return starts.plus(length);
    }

    /**
     * These runs plus the data-aware ones: Airflow starts a DAG scheduled on its upstream job groups' Datasets (Assets)
     * once every upstream has succeeded since its last such run, i.e. at the finish that completes the set. With a
     * schedule as well ({@code DatasetOrTimeSchedule}) both kinds run.
     *
     * @param upstreams each upstream group's finishes, sorted
     * @param before the end of the modelled period: later triggers are dropped
     */
    Runs withTriggersAfter(List<Minutes> upstreams, int before) {
        if (upstreams.size() == 1) {
            // One upstream group: each of its finishes is a trigger. Both arrays are sorted already: one merge.
            return queued(merged(starts, upstreams.get(0), before), before);
        }
        int total = 0;
        for (Minutes finishes : upstreams) {
            total += finishes.size();
        }
        // Each finish as one long, its minute above its upstream's index: sorted, by minute and then upstream, without
        // an object per finish (a chain of thousands of job groups has millions of them).
        long[] finishes = new long[total];
        int at = 0;
        for (int u = 0; u < upstreams.size(); u++) {
            for (Minutes.Cursor minutes = upstreams.get(u).cursor(0); minutes.hasNext(); ) {
                finishes[at++] = ((long) minutes.next() << 32) | u;
            }
        }
        Arrays.sort(finishes);
        BitSet fresh = new BitSet(upstreams.size());
        int freshCount = 0;
        int[] all = Arrays.copyOf(starts.toArray(), starts.size() + finishes.length);
        int count = starts.size();
        for (long finish : finishes) {
            int upstream = (int) finish;
            if (!fresh.get(upstream)) {
                fresh.set(upstream);
                freshCount++;
            }
            if (freshCount == upstreams.size()) {
                int minute = (int) (finish >> 32);
                if (minute < before) {
                    all[count++] = minute;
                }
                fresh.clear();
                freshCount = 0;
            }
        }
        int[] merged = Arrays.copyOf(all, count);
        Arrays.sort(merged);
        return queued(Minutes.of(merged), before);
    }

    /** The sorted {@code starts} and the sorted {@code triggers} before {@code before}, merged in order (read once: plain). */
    private static Minutes merged(Minutes starts, Minutes triggers, int before) {
        int taken = triggers.index(before);
        int[] out = new int[starts.size() + taken];
        int at = 0;
        Minutes.Cursor s = starts.cursor(0);
        Minutes.Cursor t = triggers.cursor(0);
        int nextStart = s.hasNext() ? s.next() : 0;
        int startsLeft = starts.size();
        int nextTrigger = taken > 0 ? t.next() : 0;
        int triggersLeft = taken;
        while (startsLeft > 0 || triggersLeft > 0) {
            if (triggersLeft == 0 || startsLeft > 0 && nextStart <= nextTrigger) {
                out[at++] = nextStart;
                nextStart = --startsLeft > 0 ? s.next() : 0;
            } else {
                out[at++] = nextTrigger;
                nextTrigger = --triggersLeft > 0 ? t.next() : 0;
            }
        }
        return Minutes.of(out);
    }

    /**
     * The starts of runs triggered at {@code triggers} (sorted) when at most {@code max_active_runs} run at once and
     * the others wait in order, as Airflow queues the runs its Assets create: a job group triggered faster than it
     * runs is busy back to back, never more, and its backlog past the modelled period is dropped. A chain of
     * time-or-data job groups, each run of which triggers the next, would otherwise multiply runs down the chain.
     */
    private Runs queued(Minutes triggers, int before) {
        int[] free = new int[overlap];
        Arrays.fill(free, Integer.MIN_VALUE);
        Minutes.Builder out = new Minutes.Builder();
        Wait longest = new Wait(0, 0);
        for (Minutes.Cursor cursor = triggers.cursor(0); cursor.hasNext(); ) {
            int trigger = cursor.next();
            int slot = 0;
            for (int i = 1; i < overlap; i++) {
                slot = free[i] < free[slot] ? i : slot;
            }
            int start = Math.max(trigger, free[slot]);
            if (start >= before) {
                break;
            }
            if (start - trigger > longest.minutes()) {
                longest = new Wait(start - trigger, start);
            }
            out.add(start);
            free[slot] = start + length;
        }
        return new Runs(out.build(), length, overlap, longest);
    }

    /** Every run that overlaps {@code from}..{@code to}, with its own start and end. */
    public void forEachIn(int from, int to, Visitor visitor) {
        int first = index((int) Math.max(Integer.MIN_VALUE, (long) from - length));
        Minutes.Cursor cursor = starts.cursor(first);
        for (int i = first; i < starts.size(); i++) {
            int start = cursor.next();
            if (start >= to) {
                break;
            }
            int end = end(i, start);
            if (end > from) {
                visitor.run(start, end);
            }
        }
    }

    /** Whether a run holds a cluster during {@code minute}. */
    public boolean covers(int minute) {
        boolean[] found = {false};
        forEachIn(minute, minute + 1, (start, end) -> found[0] = true);
        return found[0];
    }

    /** The end of run {@code i}, which starts at {@code start}. */
    private int end(int i, int start) {
        int end = start + length;
        return i + overlap < starts.size() ? Math.min(end, starts.get(i + overlap)) : end;
    }

    /** The index of the first run starting at or after {@code minute}. */
    private int index(int minute) {
        return starts.index(minute);
    }
}
