package dev.registrystreams.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typical inputs for the benchmarks: a realistic title and a context of a dozen nodes. */
public final class Samples {

  private Samples() {}

  public static final RegistrySchema SCHEMA = RegistrySchema.defaults();

  public static Map<String, Object> context(int variant) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", variant % 3 == 0 ? "prod" : "dev");
    context.put("owner", "platform");
    context.put("reviewDays", (long) (30 + variant % 300));
    context.put("tags", List.of("generated", "payments", "pci"));
    context.put("db_password", "s3cr3t-" + variant);
    context.put("limits", Map.of("rps", 1200L, "burst", 300L, "ratio", 0.75));
    return context;
  }

  public static GenerationInput input(int variant) {
    return new GenerationInput(
        "request-" + variant,
        "Access review for payments #" + variant,
        "GOV",
        "RULES",
        context(variant),
        null,
        null,
        1_795_000_000_000L + variant);
  }
}
