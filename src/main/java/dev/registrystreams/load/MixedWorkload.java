package dev.registrystreams.load;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.client.Expected;
import dev.registrystreams.client.WorkloadRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A realistic, reproducible mix of requests (new titles, exact duplicates, changed contexts and bad
 * records) together with the answer each must get. Requests about one title share a record key, so
 * they stay in order and the expected outcome of each is known in advance.
 */
public final class MixedWorkload {

  /**
   * The shape of a workload.
   *
   * @param titles distinct titles; each is CREATED once
   * @param duplicates requests that resend a title's current content: UNCHANGED
   * @param updates requests that change a title's context: UPDATED
   * @param bad records that must be dead-lettered
   */
  public record Shape(int titles, int duplicates, int updates, int bad, long seed) {
    public Shape {
      if (titles < 1 && (duplicates > 0 || updates > 0)) {
        throw new IllegalArgumentException("duplicates and updates need at least one title");
      }
    }

    public int total() {
      return titles + duplicates + updates + bad;
    }
  }

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final String[] SCOPES = {"GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP"};
  private static final String[] TYPES = {
    "RULES", "SUMMARY", "PROCEDURE", "TEMPLATE", "POLICY", "STANDARD", "GUIDANCE", "REQUIREMENT"
  };
  private static final String[] SUBJECTS = {
    "Access review", "Incident response", "Key rotation", "Vendor onboarding", "Data retention",
    "Change approval", "Backup restore", "Payment reconciliation", "Audit evidence", "Release gate"
  };
  private static final String[] SYSTEMS = {
    "payments", "identity", "ledger", "search", "billing", "edge proxy", "warehouse", "mobile app"
  };
  private static final String[] ENVS = {"prod", "dev", "staging"};
  private static final String[] TEAMS = {"platform", "security", "finance-ops", "sre", "data"};

  private final String runId;
  private final Random random;
  private final List<WorkloadRequest> requests = new ArrayList<>();
  private final List<Title> titles = new ArrayList<>();
  private int sequence;

  private MixedWorkload(Shape shape, String runId) {
    this.runId = runId;
    this.random = new Random(shape.seed());
    generate(shape);
  }

  /**
   * Generates a workload; {@code runId} prefixes every request id and title so that runs against
   * the same topics stay apart.
   */
  public static MixedWorkload generate(Shape shape, String runId) {
    return new MixedWorkload(shape, runId);
  }

  public List<WorkloadRequest> requests() {
    return requests;
  }

  /** How many requests must get each answer. */
  public Map<Expected, Integer> expectedCounts() {
    Map<Expected, Integer> counts = new EnumMap<>(Expected.class);
    for (Expected e : Expected.values()) {
      counts.put(e, 0);
    }
    requests.forEach(r -> counts.merge(r.expected(), 1, Integer::sum));
    return counts;
  }

  /** How many requests must be dead-lettered with each reason. */
  public Map<String, Integer> expectedRejections() {
    Map<String, Integer> counts = new TreeMap<>();
    requests.stream()
        .filter(r -> r.rejectReason() != null)
        .forEach(r -> counts.merge(r.rejectReason(), 1, Integer::sum));
    return counts;
  }

  private void generate(Shape shape) {
    for (int i = 0; i < shape.titles(); i++) {
      Title title = newTitle(i);
      titles.add(title);
      add(title, Expected.CREATED);
    }
    List<Expected> later = new ArrayList<>();
    for (int i = 0; i < shape.duplicates(); i++) {
      later.add(Expected.UNCHANGED);
    }
    for (int i = 0; i < shape.updates(); i++) {
      later.add(Expected.UPDATED);
    }
    for (int i = 0; i < shape.bad(); i++) {
      later.add(Expected.REJECTED);
    }
    java.util.Collections.shuffle(later, random);
    for (Expected expected : later) {
      if (expected == Expected.REJECTED) {
        addBad();
        continue;
      }
      Title title = titles.get(random.nextInt(titles.size()));
      if (expected == Expected.UPDATED) {
        title.revise(random);
      }
      add(title, expected);
    }
  }

  private Title newTitle(int index) {
    String text =
        SUBJECTS[random.nextInt(SUBJECTS.length)]
            + " for "
            + SYSTEMS[random.nextInt(SYSTEMS.length)]
            + " #"
            + index
            + " ("
            + runId
            + ")";
    Title title =
        new Title(SCOPES[random.nextInt(SCOPES.length)], TYPES[random.nextInt(TYPES.length)], text);
    title.context.put("env", ENVS[random.nextInt(ENVS.length)]);
    title.context.put("owner", TEAMS[random.nextInt(TEAMS.length)]);
    title.context.put("reviewDays", (long) (30 + random.nextInt(335)));
    title.context.put("tags", List.of("generated", SYSTEMS[random.nextInt(SYSTEMS.length)]));
    if (random.nextInt(4) == 0) {
      title.context.put("db_password", "s3cr3t-" + random.nextInt(1_000_000));
    }
    return title;
  }

  private void add(Title title, Expected expected) {
    String requestId = nextRequestId();
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId(requestId)
            .setTitle(title.text)
            .setScope(title.scope)
            .setType(title.type)
            .setContext(ContextValues.toAvro(title.context))
            .build();
    requests.add(
        new WorkloadRequest(requestId, title.key(), REQUESTS.encode(request), expected, null));
  }

  private void addBad() {
    String requestId = nextRequestId();
    GenerationRequest.Builder request =
        GenerationRequest.newBuilder()
            .setRequestId(requestId)
            .setTitle("Bad request " + requestId)
            .setScope("GOV")
            .setType("RULES")
            .setContext(Map.of());
    String reason;
    byte[] value;
    switch (random.nextInt(7)) {
      case 0 -> {
        reason = "UNKNOWN_SCOPE";
        request.setScope("MARKETING");
      }
      case 1 -> {
        reason = "UNKNOWN_TYPE";
        request.setType("MEMO");
      }
      case 2 -> {
        reason = "TITLE_EMPTY";
        request.setTitle("   ");
      }
      case 3 -> {
        reason = "TITLE_TOO_LONG";
        request.setTitle("x".repeat(513));
      }
      case 4 -> {
        reason = "TITLE_INVALID_CHARACTER";
        request.setTitle("bell \u0007 in a title");
      }
      case 5 -> {
        reason = "CONTEXT_TOO_DEEP";
        request.setContext(ContextValues.toAvro(nested(12)));
      }
      default -> reason = "UNDECODABLE";
    }
    value =
        reason.equals("UNDECODABLE")
            ? ("{\"title\": \"not avro\", \"id\": \"" + requestId + "\"}")
                .getBytes(StandardCharsets.UTF_8)
            : REQUESTS.encode(request.build());
    requests.add(
        new WorkloadRequest(
            reason.equals("UNDECODABLE") ? null : requestId,
            ("bad-" + requestId).getBytes(StandardCharsets.UTF_8),
            value,
            Expected.REJECTED,
            reason));
  }

  private static Map<String, Object> nested(int depth) {
    Map<String, Object> node = new LinkedHashMap<>(Map.of("leaf", true));
    for (int i = 1; i < depth; i++) {
      node = new LinkedHashMap<>(Map.of("level" + i, node));
    }
    return node;
  }

  private String nextRequestId() {
    return runId + "-" + (sequence++);
  }

  /** One title of the workload and its current context. */
  private static final class Title {
    final String scope;
    final String type;
    final String text;
    final Map<String, Object> context = new LinkedHashMap<>();
    int revisions;

    Title(String scope, String type, String text) {
      this.scope = scope;
      this.type = type;
      this.text = text;
    }

    byte[] key() {
      return (scope + "/" + type + "/" + text).getBytes(StandardCharsets.UTF_8);
    }

    void revise(Random random) {
      revisions++;
      context.put("reviewDays", (long) (30 + random.nextInt(335)));
      context.put("note", "revised " + revisions + " time(s)");
    }
  }
}
