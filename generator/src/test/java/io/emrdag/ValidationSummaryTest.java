package io.emrdag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.pipeline.Validation;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The line validate prints: every id of a small project, the first twenty of a large one. */
class ValidationSummaryTest {

    @Test
    void oneTwoAndThousands() {
        assertEquals("1 job group is valid: orders", new Validation(List.of("orders"), List.of()).summary());
        assertEquals("2 job groups are valid: orders, payments",
                new Validation(List.of("orders", "payments"), List.of()).summary());
        List<String> many = IntStream.range(0, 4000).mapToObj(i -> "g%04d".formatted(i)).toList();
        String summary = new Validation(many, List.of()).summary();
        assertEquals("4000 job groups are valid: " + String.join(", ", many.subList(0, 20)) + " and 3980 more", summary);
    }
}
