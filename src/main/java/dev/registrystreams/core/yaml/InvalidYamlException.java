package dev.registrystreams.core.yaml;

import org.jspecify.annotations.Nullable;

/** A YAML text that could not be loaded; the message is one line with the position. */
public class InvalidYamlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int line;

  public InvalidYamlException(String message, @Nullable Throwable cause) {
    this(message, 0, cause);
  }

  public InvalidYamlException(String message) {
    this(message, 0, null);
  }

  /**
   * @param line 1-based line of the problem, 0 when unknown
   */
  public InvalidYamlException(String message, int line, @Nullable Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** 1-based line of the problem, 0 when the parser gave no position. */
  public int line() {
    return line;
  }
}
