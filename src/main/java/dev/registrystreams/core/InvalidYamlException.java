package dev.registrystreams.core;

/** A YAML text that could not be loaded; the message is one line with the position. */
public class InvalidYamlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidYamlException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidYamlException(String message) {
    super(message);
  }
}
