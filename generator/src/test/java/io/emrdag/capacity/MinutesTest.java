package io.emrdag.capacity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinutesTest {

    /** Sorted minutes: evenly spaced stretches (back-to-back runs), repeats and irregular gaps, in random mixes. */
    private static int[] sorted(Random random) {
        int[] out = new int[random.nextInt(400)];
        int minute = random.nextInt(2000) - 1000;
        int step = 1 + random.nextInt(90);
        for (int i = 0; i < out.length; i++) {
            int kind = random.nextInt(10);
            minute += kind < 6 ? step : kind < 7 ? 0 : random.nextInt(500);
            if (kind == 9) {
                step = 1 + random.nextInt(90);
            }
            out[i] = minute;
        }
        return out;
    }

    /** What {@link Minutes#index} must answer: the index of the first minute at or after {@code minute}. */
    private static int lowerBound(int[] minutes, int minute) {
        int i = 0;
        while (i < minutes.length && minutes[i] < minute) {
            i++;
        }
        return i;
    }

    @Test
    void stretchesReadBackAsThePlainSequence() {
        Random random = new Random(27);
        for (int round = 0; round < 500; round++) {
            int[] expected = sorted(random);
            Minutes.Builder builder = new Minutes.Builder();
            Arrays.stream(expected).forEach(builder::add);
            int shift = random.nextInt(100) - 50;
            for (Minutes minutes : new Minutes[] {builder.build(), Minutes.of(expected)}) {
                int[] shifted = Arrays.stream(expected).map(m -> m + shift).toArray();
                Minutes moved = minutes.plus(shift);
                assertEquals(expected.length, minutes.size());
                assertArrayEquals(expected, minutes.toArray(), "round " + round);
                assertArrayEquals(shifted, moved.toArray(), "round " + round);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(shifted[i], moved.get(i));
                }
                for (int probe = 0; probe < 50 && expected.length > 0; probe++) {
                    int minute = shifted[random.nextInt(shifted.length)] + random.nextInt(7) - 3;
                    int index = moved.index(minute);
                    assertEquals(lowerBound(shifted, minute), index, "round " + round + ", minute " + minute);
                    Minutes.Cursor cursor = moved.cursor(index);
                    for (int i = index; i < shifted.length; i++) {
                        assertEquals(shifted[i], cursor.next(), "from " + index);
                    }
                }
                assertEquals(0, moved.index(Integer.MIN_VALUE));
                assertEquals(expected.length, moved.index(Integer.MAX_VALUE));
            }
        }
    }

    @Test
    void backToBackRunsReadAsOneEvenStretch() {
        Minutes.Builder busy = new Minutes.Builder();
        for (int i = 0; i < 5000; i++) {
            busy.add(60 + 90 * i);
        }
        Minutes evenly = Minutes.evenly(60, 90, 5000);
        assertArrayEquals(evenly.toArray(), busy.build().toArray());
        assertEquals(60 + 90 * 4999 + 30, evenly.plus(30).get(4999));
        assertEquals(5000, evenly.index(60 + 90 * 4999 + 1));
        assertEquals(1, evenly.index(61));
        assertEquals(0, Minutes.NONE.size());
        assertEquals(0, Minutes.NONE.index(5));
    }
}
