package dev.registrystreams.http;

import io.javalin.http.Context;

/** How an entry is answered: the JSON view, or its YAML config alone. */
enum EntryFormat {
  JSON,
  YAML;

  static final String YAML_TYPE = "application/yaml";

  /** {@code ?format=json|yaml}, else {@code Accept: application/yaml}, else JSON. */
  static EntryFormat of(Context ctx) {
    String format = ctx.queryParam("format");
    if (format != null) {
      return switch (format) {
        case "json" -> JSON;
        case "yaml" -> YAML;
        default -> throw HttpProblem.badParameter("format", "must be json or yaml");
      };
    }
    String accept = ctx.header("Accept");
    return accept != null && accept.contains(YAML_TYPE) ? YAML : JSON;
  }
}
