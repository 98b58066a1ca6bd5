package io.emrdag.cli;

import io.emrdag.deploy.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Durations in options: 90s, 5m, 1h, 500ms or ISO-8601, as {@link Durations} reads them. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
