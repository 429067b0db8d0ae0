package dev.registrystreams.http;

import dev.registrystreams.core.Outcome;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.topology.RegistryCounts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /stats}: this instance's answers per outcome and dead letters per reason, as JSON for the
 * dashboard page; the same counts as {@code /metrics}. Every outcome is listed, and the reasons
 * that occurred.
 */
public final class StatsEndpoints implements HttpEndpoints {

  private final InstanceSlot instance;

  public StatsEndpoints(InstanceSlot instance) {
    this.instance = instance;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    HttpEndpoints.get(routes, "/stats", Access.DATA, this::stats);
  }

  private void stats(Context ctx) {
    RegistryCounts.Totals totals = RegistryCounts.totals(instance.require().streams().metrics());
    Map<String, Long> answers = new LinkedHashMap<>();
    for (Outcome outcome : Outcome.values()) {
      answers.put(outcome.name(), totals.answers(outcome));
    }
    Map<String, Long> deadLetters = new LinkedHashMap<>();
    for (RejectionReason reason : RejectionReason.values()) {
      if (totals.deadLetters(reason) > 0) {
        deadLetters.put(reason.name(), totals.deadLetters(reason));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("answers", answers);
    body.put("deadLetters", deadLetters);
    ctx.json(body);
  }
}
