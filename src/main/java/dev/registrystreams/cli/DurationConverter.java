package dev.registrystreams.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or plain seconds ({@code 30}). */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (text.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("h")) {
        duration = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
      } else {
        duration = Duration.ofSeconds(Long.parseLong(text));
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return duration;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. 30s, 500ms, 2m, 1h, or seconds)");
    }
  }

  /** {@code 30 s}, {@code 1.5 s}, {@code 0.5 s}: how messages name a duration. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0
        ? (millis / 1000) + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
