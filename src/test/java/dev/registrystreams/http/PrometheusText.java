package dev.registrystreams.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text-format page, as a scraper would. */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The samples of {@code metric} by the value of its one label {@code label}, e.g. {@code
   * registry_answers_total} by {@code outcome}; a sample with other labels as well still counts.
   */
  public static Map<String, Long> byLabel(String page, String metric, String label) {
    Pattern sample =
        Pattern.compile(
            "(?m)^"
                + Pattern.quote(metric)
                + "\\{[^}]*\\b"
                + Pattern.quote(label)
                + "=\"([^\"]*)\"[^}]*\\} (\\S+)$");
    Map<String, Long> values = new TreeMap<>();
    Matcher m = sample.matcher(page);
    while (m.find()) {
      values.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return values;
  }

  /**
   * The value of the one sample written exactly {@code sample} (a name and its labels as the page
   * writes them, e.g. {@code registry_http_waiting} or {@code x_total{route="/a",status="200"}}),
   * or null when the page has none.
   */
  public static Double value(String page, String sample) {
    String prefix = sample + " ";
    return page.lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> Double.parseDouble(line.substring(prefix.length()).strip()))
        .findFirst()
        .orElse(null);
  }

  /** The names of the metrics on the page, one a line, for a failure message. */
  public static String names(String page) {
    return page.lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]", 2)[0])
        .distinct()
        .sorted()
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Whether some sample's name starts with {@code prefix}. */
  public static boolean hasSample(String page, String prefix) {
    return Pattern.compile("(?m)^" + Pattern.quote(prefix) + "[^ ]* \\S+$").matcher(page).find();
  }
}
