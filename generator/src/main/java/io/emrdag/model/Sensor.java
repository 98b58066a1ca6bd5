package io.emrdag.model;

import java.time.Duration;

/**
 * How the step sensors wait. {@code reschedule} frees the worker slot between pokes, which matters on
 * MWAA where slots are scarce and EMR steps run for hours; {@code deferrable} holds no slot at all while the step
 * runs (the triggerer polls EMR) and is immune to Airflow 3's reschedule race; {@code poke} keeps the slot.
 */
public record Sensor(Duration pokeInterval, String mode, Duration timeout) {
}
