package dev.registrystreams.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The registry configuration read from a {@code registry.yaml}: header schema, request limits, the
 * words that make a context key secret and whether URL credentials in context values are masked.
 *
 * <p>A file may set only some keys; the rest come from the bundled {@code /registry.yaml}, which
 * documents every key.
 */
public record RegistrySchema(
    HeaderSchema header,
    RequestLimits limits,
    List<String> secretKeys,
    boolean maskUrlCredentials) {

  /** Classpath location of the bundled defaults. */
  public static final String BUNDLED_RESOURCE = "/registry.yaml";

  public RegistrySchema {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(limits, "limits");
    secretKeys = List.copyOf(secretKeys);
  }

  /** The bundled configuration. */
  public static RegistrySchema defaults() {
    return Bundled.SCHEMA;
  }

  /**
   * Parses a configuration text; keys it leaves out take their bundled values.
   *
   * @param sourceName how errors name the text, usually its file name
   * @throws RegistrySchemaException with a one-line message naming {@code sourceName}
   */
  public static RegistrySchema parse(String yamlText, String sourceName) {
    return new RegistrySchemaParser(sourceName).parse(yamlText, Bundled.DOCUMENT);
  }

  /** A masker for {@link #secretKeys()} and {@link #maskUrlCredentials()}. */
  public SecretMasker secretMasker() {
    return new SecretMasker(secretKeys, maskUrlCredentials);
  }

  /** Loaded once, on first use: the bundled file never changes while the JVM runs. */
  private static final class Bundled {
    private static final String NAME = "registry.yaml (bundled)";
    private static final Map<String, Object> DOCUMENT = readDocument();
    private static final RegistrySchema SCHEMA =
        new RegistrySchemaParser(NAME).fromDocument(DOCUMENT, null);

    private static Map<String, Object> readDocument() {
      try (InputStream in = RegistrySchema.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new RegistrySchemaException(NAME + ": not found on the classpath");
        }
        return new RegistrySchemaParser(NAME)
            .document(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new RegistrySchemaException(NAME + ": cannot read the resource", e);
      }
    }
  }
}
