package io.emrdag.model;

import java.time.Duration;

/**
 * How the step sensors wait. {@code reschedule} frees the worker slot between pokes, which matters on
 * MWAA where slots are scarce and EMR steps run for hours.
 */
public record Sensor(Duration pokeInterval, String mode, Duration timeout) {
}
