package dev.registrystreams.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code GET /changes} asks for: where to start and which events to pass on.
 *
 * <p>The start is, first that is given: the {@code Last-Event-ID} header (what EventSource sends
 * when it reconnects, so it wins over the URL it reconnects to), {@code ?after=<id>}, {@code
 * ?from=earliest|latest}; without any, the end of the topic.
 *
 * @param after the position to continue after; null to start at {@code from}
 * @param fromEarliest without a position: true for the start of the topic, false for its end
 */
public record FeedRequest(@Nullable FeedPosition after, boolean fromEarliest, ChangeFilter filter) {

  static final String LAST_EVENT_ID = "Last-Event-ID";

  /**
   * Reads the request's parameters.
   *
   * @throws HttpProblem 400 naming the first parameter that cannot be used
   */
  public static FeedRequest parse(Context ctx) {
    String from = single(ctx, "from");
    if (from != null && !from.equals("earliest") && !from.equals("latest")) {
      throw HttpProblem.badParameter("from", "must be earliest or latest, not " + quoted(from));
    }
    String after = single(ctx, "after");
    if (after != null && from != null) {
      throw HttpProblem.badParameter("from", "cannot be combined with 'after'");
    }
    FeedPosition position = null;
    String lastEventId = ctx.header(LAST_EVENT_ID);
    if (lastEventId != null && !lastEventId.isBlank()) {
      position = position(LAST_EVENT_ID, lastEventId.strip());
    } else if (after != null) {
      position = position("after", after);
    }
    ChangeFilter filter =
        new ChangeFilter(single(ctx, "scope"), single(ctx, "entryId"), single(ctx, "path"));
    return new FeedRequest(position, "earliest".equals(from), filter);
  }

  private static FeedPosition position(String name, String text) {
    try {
      return FeedPosition.decode(text);
    } catch (IllegalArgumentException e) {
      // decode's every exception says why in its message; its class name would stand in.
      throw HttpProblem.badParameter(
          name, Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /** The parameter's one non-empty value, or null when absent. */
  private static @Nullable String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw HttpProblem.badParameter(name, "is given more than once");
    }
    String value = values.get(0);
    if (value.isBlank()) {
      throw HttpProblem.badParameter(name, "is empty");
    }
    return value;
  }

  private static String quoted(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
