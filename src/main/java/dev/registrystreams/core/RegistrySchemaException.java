package dev.registrystreams.core;

/** A registry.yaml that cannot be used; the message is one line naming the file and the problem. */
public class RegistrySchemaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RegistrySchemaException(String message) {
    super(message);
  }

  public RegistrySchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
