package dev.registrystreams.topology;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The request headers an operator allowed to travel on to the answers ({@value #CONFIG}, none by
 * default): a producer's headers (an authorization header, a huge trace) must not reach any topic
 * of the application's own unless asked for by name.
 */
public final class ForwardedHeaders {

  /** Streams property: comma-separated names of the request headers carried on to the outputs. */
  public static final String CONFIG = "registry.forward.headers";

  private final Set<String> names;

  private ForwardedHeaders(Set<String> names) {
    this.names = names;
  }

  static ForwardedHeaders from(Map<String, ?> configs) {
    Object value = configs.get(CONFIG);
    Set<String> names =
        value == null
            ? Set.of()
            : Arrays.stream(String.valueOf(value).split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    return new ForwardedHeaders(names);
  }

  /** The allowed headers of {@code headers}, in their order; empty when none is allowed. */
  Headers keep(Headers headers) {
    RecordHeaders kept = new RecordHeaders();
    if (!names.isEmpty()) {
      for (Header header : headers) {
        if (names.contains(header.key())) {
          kept.add(header);
        }
      }
    }
    return kept;
  }

  /** What {@code headers} add to a record's size, at most: keys, values and their lengths. */
  static int size(Headers headers) {
    int size = 0;
    for (Header header : headers) {
      byte[] value = header.value();
      size += header.key().length() * 4 + (value == null ? 0 : value.length) + 10;
    }
    return size;
  }
}
