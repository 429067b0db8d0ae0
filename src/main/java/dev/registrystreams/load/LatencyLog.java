package dev.registrystreams.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Latencies over time, as an HdrHistogram interval log: for every second of arrival, one histogram
 * (microseconds) per phase, tagged {@code warm-up} or {@code measured}. A whole-run percentile says
 * how long the tail is; this says when it happened. HdrHistogram's {@code HistogramLogReader} and
 * HistogramLogAnalyzer read it.
 */
public final class LatencyLog implements AutoCloseable {

  /** The tag of the intervals' warm-up histograms. */
  public static final String WARMUP = "warm-up";

  /** The tag of the intervals' measured histograms. */
  public static final String MEASURED = "measured";

  private static final long INTERVAL_NANOS = 1_000_000_000L;
  // Values are microseconds; the log's max column is then in milliseconds.
  private static final double MICROS_PER_MILLI = 1_000.0;

  private final PrintStream out;
  private final HistogramLogWriter writer;
  private final long startNanos = System.nanoTime();
  private final long startMillis = System.currentTimeMillis();
  private final Histogram warmup = new Histogram(3_600_000_000L, 3);
  private final Histogram measured = new Histogram(3_600_000_000L, 3);
  private long intervalStartNanos = startNanos;

  public LatencyLog(Path file) throws IOException {
    OutputStream stream = Files.newOutputStream(file);
    out = new PrintStream(stream, false, StandardCharsets.UTF_8);
    writer = new HistogramLogWriter(out);
    writer.outputComment("registry-streams bench: latency from send to answer, microseconds");
    writer.outputLogFormatVersion();
    writer.outputStartTime(startMillis);
    writer.setBaseTime(startMillis);
    writer.outputLegend();
  }

  /** Records one answer's latency in the interval of its arrival. */
  void record(boolean inMeasuredPhase, long latencyMicros, long arrivalNanos) {
    if (arrivalNanos - intervalStartNanos >= INTERVAL_NANOS) {
      writeInterval(intervalStartNanos + INTERVAL_NANOS);
      // Seconds in which nothing arrived have no interval.
      intervalStartNanos = arrivalNanos - (arrivalNanos - intervalStartNanos) % INTERVAL_NANOS;
    }
    (inMeasuredPhase ? measured : warmup).recordValue(latencyMicros);
  }

  private void writeInterval(long endNanos) {
    write(warmup, WARMUP, endNanos);
    write(measured, MEASURED, endNanos);
  }

  private void write(Histogram histogram, String tag, long endNanos) {
    if (histogram.getTotalCount() == 0) {
      return;
    }
    histogram.setTag(tag);
    writer.outputIntervalHistogram(
        seconds(intervalStartNanos), seconds(endNanos), histogram, MICROS_PER_MILLI);
    histogram.reset();
  }

  /** Seconds since the log started, as the log's interval timestamps are. */
  private double seconds(long nanos) {
    return (nanos - startNanos) / 1e9;
  }

  /** Writes the last, partial interval and closes the file. */
  @Override
  public void close() {
    writeInterval(Math.min(System.nanoTime(), intervalStartNanos + INTERVAL_NANOS));
    out.close();
  }
}
