package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the binder shares job groups between the cores: results in the list's order, every item once, failures thrown. */
class EachOnAllCoresTest {

    @Test
    void resultsComeInTheItemsOrderEachItemOnce() {
        List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<String> results = ProjectBinder.eachOnAllCores(items, i -> {
            if (!seen.add(i)) {
                throw new AssertionError("item " + i + " taken twice");
            }
            // Uneven work, so that the threads interleave differently from run to run.
            return i % 97 == 0 ? String.valueOf(IntStream.range(0, 5_000).map(k -> k * i).sum()) + ":" + i : "v" + i;
        });
        assertEquals(items.size(), results.size());
        for (int i = 0; i < items.size(); i++) {
            if (i % 97 == 0) {
                assertEquals(":" + i, results.get(i).substring(results.get(i).indexOf(':')), "result " + i + " out of place");
            } else {
                assertEquals("v" + i, results.get(i), "result " + i + " out of place");
            }
        }
        assertEquals(items.size(), seen.size());
    }

    @Test
    void nothingToDo() {
        assertEquals(List.of(), ProjectBinder.eachOnAllCores(List.<Integer>of(), i -> i));
        assertEquals(List.of(8), ProjectBinder.eachOnAllCores(List.of(4), i -> i * 2));
    }

    @Test
    void aFailureIsThrownAsItWas() {
        IllegalStateException thrown = new IllegalStateException("cannot read group_01234.yaml");
        List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> ProjectBinder.eachOnAllCores(items, i -> {
            if (i == 1_234) {
                throw thrown;
            }
            return i;
        }));
        assertSame(thrown, caught);
    }
}
