package dev.registrystreams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What a Logback logger logs while a test runs, kept in memory for the test to read. Registered as
 * an extension (a field with {@code @RegisterExtension}) it captures around every test of the
 * class; otherwise {@link #start()} and {@link #close()} bound what it captures.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** Everything anything logs: the root logger. */
  public static LogCapture root() {
    return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
  }

  /** What the logger of {@code type} logs. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture((Logger) LoggerFactory.getLogger(type));
  }

  /** Sets the logger's level, for messages the logging configuration would leave out. */
  public LogCapture atLevel(Level level) {
    logger.setLevel(level);
    return this;
  }

  /** Captures from now on. */
  public LogCapture start() {
    appender.start();
    logger.addAppender(appender);
    return this;
  }

  /** Captures no more; what it captured stays readable. */
  @Override
  public void close() {
    logger.detachAppender(appender);
  }

  /** What was logged so far, in order. */
  public List<ILoggingEvent> events() {
    // The appender appends under its own lock.
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The messages logged so far, formatted, in order. */
  public List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }
}
