package io.emrdag.capacity;

/**
 * The highest level a meter reaches in the model year, and the first minute it does.
 */
public record Peak(Meter meter, int value, int minute) {
}
