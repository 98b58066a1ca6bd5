package io.emrdag.capacity;

import java.util.Arrays;

/**
 * A sorted sequence of minutes (run starts, run finishes), stored compactly when it is made of evenly spaced stretches.
 * A job group triggered faster than it runs is busy back to back: its starts are one stretch (first minute, step,
 * count) instead of thousands of ints, and a chain of 10,000 such groups no longer holds ~200 MB of starts at once.
 * An irregular sequence (a cron schedule across time-zone changes, merged triggers) is kept as a plain array when
 * stretches would not be smaller. Immutable; {@link #plus} shares the storage.
 */
final class Minutes {

    static final Minutes NONE = new Minutes(new int[0], null, null, null, 0, 0);

    /** Each stretch's first minute, or every minute when {@code steps} is null (plain). */
    private final int[] firsts;
    private final int[] steps;
    private final int[] counts;
    /** The index of each stretch's first minute in the sequence. */
    private final int[] offsets;
    private final int size;
    private final int delta;

    private Minutes(int[] firsts, int[] steps, int[] counts, int[] offsets, int size, int delta) {
        this.firsts = firsts;
        this.steps = steps;
        this.counts = counts;
        this.offsets = offsets;
        this.size = size;
        this.delta = delta;
    }

    /** The minutes of {@code sorted} (kept, not copied: never change it). */
    static Minutes of(int[] sorted) {
        return new Minutes(sorted, null, null, null, sorted.length, 0);
    }

    /** {@code count} minutes from {@code first}, {@code step} apart. */
    static Minutes evenly(int first, int step, int count) {
        return count == 0 ? NONE : new Minutes(new int[] {first}, new int[] {step}, new int[] {count}, new int[] {0}, count, 0);
    }

    int size() {
        return size;
    }

    /** The {@code i}-th minute. */
    int get(int i) {
        if (steps == null) {
            return firsts[i] + delta;
        }
        int s = stretchOf(i);
        return firsts[s] + (i - offsets[s]) * steps[s] + delta;
    }

    /** Every minute plus {@code minutes}, sharing this sequence's storage. */
    Minutes plus(int minutes) {
        return minutes == 0 ? this : new Minutes(firsts, steps, counts, offsets, size, delta + minutes);
    }

    /** The index of the first minute at or after {@code minute} ({@link #size} when there is none). */
    int index(int minute) {
        long shifted = (long) minute - delta;
        if (shifted <= Integer.MIN_VALUE) {
            return 0;
        }
        if (shifted > Integer.MAX_VALUE) {
            return size;
        }
        int target = (int) shifted;
        if (steps == null) {
            int found = Arrays.binarySearch(firsts, 0, size, target);
            if (found < 0) {
                return -found - 1;
            }
            while (found > 0 && firsts[found - 1] == target) {
                found--;
            }
            return found;
        }
        // The first stretch whose last minute is at or after the target; within it, the first minute at or after it.
        int low = 0;
        int high = firsts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (firsts[mid] + (long) (counts[mid] - 1) * steps[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        if (low == firsts.length) {
            return size;
        }
        if (target <= firsts[low]) {
            return offsets[low];
        }
        int step = steps[low];
        return offsets[low] + (int) (((long) target - firsts[low] + step - 1) / step);
    }

    /** The minutes as a plain array. */
    int[] toArray() {
        int[] out = new int[size];
        Cursor cursor = cursor(0);
        for (int i = 0; i < size; i++) {
            out[i] = cursor.next();
        }
        return out;
    }

    /** Reads the minutes in order from {@code from}, each in constant time. */
    Cursor cursor(int from) {
        return new Cursor(from);
    }

    /** Reads a sequence in order without searching for each minute's stretch. */
    final class Cursor {

        private int index;
        private int stretch;
        /** Within the current stretch: the next minute, the step, and the index after its last minute. */
        private int minute;
        private int step;
        private int stretchEnd;

        private Cursor(int from) {
            index = from;
            if (steps == null) {
                stretchEnd = size;
            } else if (from < size) {
                stretch = stretchOf(from);
                minute = firsts[stretch] + (from - offsets[stretch]) * steps[stretch] + delta;
                step = steps[stretch];
                stretchEnd = offsets[stretch] + counts[stretch];
            }
        }

        boolean hasNext() {
            return index < size;
        }

        /** The next minute. */
        int next() {
            if (steps == null) {
                return firsts[index++] + delta;
            }
            if (index == stretchEnd) {
                stretch++;
                minute = firsts[stretch] + delta;
                step = steps[stretch];
                stretchEnd = offsets[stretch] + counts[stretch];
            }
            index++;
            int next = minute;
            minute += step;
            return next;
        }
    }

    /** Reads the whole sequence as evenly spaced stretches, in order. */
    Stretches stretches() {
        return new Stretches();
    }

    /**
     * Reads a sequence as evenly spaced stretches (first minute, step, count), in order, so that a stretch of thousands
     * of back-to-back runs is handled at once: a stored stretch as it is, a plain array's runs of equal gaps as found.
     * The current stretch can be taken from its front, a part at a time.
     */
    final class Stretches {

        /** The current stretch's first minute, step and count (none left: {@code count} 0). */
        int first;
        int step;
        int count;
        /** The next stored stretch, or the index of the next minute not yet read, of a plain array. */
        private int next;

        private Stretches() {
            load();
        }

        /** Drops the first {@code n} minutes ({@code n <= count}) of the current stretch, and moves on when it is used up. */
        void take(int n) {
            count -= n;
            first += n * step;
            if (count == 0) {
                load();
            }
        }

        private void load() {
            if (steps != null) {
                if (next < firsts.length) {
                    first = firsts[next] + delta;
                    step = steps[next];
                    count = counts[next];
                    next++;
                }
                return;
            }
            if (next >= size) {
                return;
            }
            first = firsts[next] + delta;
            count = 1;
            step = 0;
            if (next + 1 < size) {
                step = firsts[next + 1] - firsts[next];
                int end = next + 1;
                while (end < size && firsts[end] - firsts[end - 1] == step) {
                    end++;
                }
                count = end - next;
            }
            next += count;
        }
    }

    private int stretchOf(int i) {
        int found = Arrays.binarySearch(offsets, i);
        return found >= 0 ? found : -found - 2;
    }

    /**
     * Collects sorted minutes, one at a time or a stretch at a time, into stretches. {@link #build} empties it and it can
     * be used again, keeping its arrays: the capacity model builds the runs of thousands of job groups with one.
     */
    static final class Builder {

        private int[] firsts = new int[8];
        private int[] steps = new int[8];
        private int[] counts = new int[8];
        private int stretches;
        private int size;
        /** The last stretch, kept out of the arrays until the next one starts: its first minute, step and count. */
        private int first;
        private int step;
        private int count;
        /** The minute that would extend the last stretch, once it has two. */
        private int expected;

        void add(int minute) {
            size++;
            if (count >= 2 && minute == expected) {
                count++;
                expected += step;
            } else if (count == 1) {
                step = minute - first;
                count = 2;
                expected = minute + step;
            } else {
                flush();
                first = minute;
                step = 0;
                count = 1;
            }
        }

        /** Adds {@code count} minutes from {@code first}, {@code step} apart, as that many {@link #add} calls would. */
        void addEvenly(int first, int step, int count) {
            int added = 0;
            // A few one at a time, until the last stretch is this one's step and expects its next minute.
            for (; added < count && !(this.count >= 2 && this.step == step && expected == first + added * step); added++) {
                add(first + added * step);
            }
            int left = count - added;
            size += left;
            this.count += left;
            expected += left * step;
        }

        /** Moves the last stretch into the arrays. */
        private void flush() {
            if (count == 0) {
                return;
            }
            if (stretches == firsts.length) {
                firsts = Arrays.copyOf(firsts, stretches * 2);
                steps = Arrays.copyOf(steps, stretches * 2);
                counts = Arrays.copyOf(counts, stretches * 2);
            }
            firsts[stretches] = first;
            steps[stretches] = step;
            counts[stretches] = count;
            stretches++;
            count = 0;
        }

        /** The sequence: in stretches when they take less room than a plain array, else plain. Empties the builder. */
        Minutes build() {
            flush();
            Minutes built = built();
            stretches = 0;
            size = 0;
            step = 0;
            expected = 0;
            return built;
        }

        private Minutes built() {
            if (size == 0) {
                return NONE;
            }
            if (4L * stretches >= size) {
                int[] plain = new int[size];
                int at = 0;
                for (int s = 0; s < stretches; s++) {
                    for (int k = 0; k < counts[s]; k++) {
                        plain[at++] = firsts[s] + k * steps[s];
                    }
                }
                return of(plain);
            }
            int[] offsets = new int[stretches];
            for (int s = 1; s < stretches; s++) {
                offsets[s] = offsets[s - 1] + counts[s - 1];
            }
            return new Minutes(Arrays.copyOf(firsts, stretches), Arrays.copyOf(steps, stretches), Arrays.copyOf(counts, stretches),
                    offsets, size, 0);
        }
    }
}
