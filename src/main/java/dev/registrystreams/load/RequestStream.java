package dev.registrystreams.load;

import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * An endless, reproducible stream of encoded requests for load tests: new titles, exact repeats and
 * changed contexts in given ratios, repeats and changes aimed at titles by a Zipf law (a few hot
 * titles, a long tail), with a context padded to a chosen size. Not thread-safe.
 */
public final class RequestStream {

  /**
   * The shape of the stream.
   *
   * @param duplicates share of requests that repeat a title's current content (0..1)
   * @param updates share of requests that change a title's context (0..1)
   * @param zipfExponent skew of the titles chosen for repeats and changes; 0 is uniform
   * @param contextBytes approximate size of each request's context, in bytes
   */
  public record Shape(
      double duplicates, double updates, double zipfExponent, int contextBytes, long seed) {
    public Shape {
      // Negated so that NaN, which compares false with everything, is refused too.
      if (!(duplicates >= 0 && updates >= 0 && duplicates + updates < 1)) {
        throw new IllegalArgumentException(
            "duplicates and updates must be at least 0 and add up to less than 1");
      }
      // An infinite exponent sends the Zipf sampler into an endless loop, NaN makes it throw.
      if (!(zipfExponent >= 0 && zipfExponent < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "the Zipf exponent must be a finite number of at least 0");
      }
      if (contextBytes < 0) {
        throw new IllegalArgumentException("the context size must be at least 0");
      }
    }

    /** What a report should say about the workload. */
    public String describe() {
      return String.format(
          "%.0f%% new, %.0f%% duplicates, %.0f%% updates; Zipf %.2f over existing titles;"
              + " ~%d-byte contexts",
          100 * (1 - duplicates - updates),
          100 * duplicates,
          100 * updates,
          zipfExponent,
          contextBytes);
    }
  }

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final String[] SCOPES = {"GOV", "SEC", "OPS", "TECH", "FIN", "LEG", "AUD", "COMP"};
  private static final String[] TYPES = {"RULES", "POLICY", "STANDARD", "PROCEDURE", "GUIDANCE"};

  private final Shape shape;
  private final String runId;
  private final UniformRandomProvider random;
  private final String padding;
  private final List<int[]> titles = new ArrayList<>(); // {scope, type, revision}
  private long sequence;
  private long repeats;

  public RequestStream(Shape shape, String runId) {
    this.shape = shape;
    this.runId = runId;
    this.random = RandomSource.SPLIT_MIX_64.create(shape.seed());
    this.padding = "x".repeat(Math.max(0, shape.contextBytes() - 64));
  }

  /** One request: the record key (its title, so requests about a title stay in order) and value. */
  public record Request(String requestId, byte[] key, byte[] value) {}

  /**
   * A rank 1..n drawn by the Zipf law, 1 the most likely; ranks count back from the newest title,
   * so recent titles are the hot ones, as with real traffic.
   */
  private int hotRank(int n) {
    if (shape.zipfExponent() == 0) {
      return 1 + random.nextInt(n);
    }
    return RejectionInversionZipfSampler.of(random, n, shape.zipfExponent()).sample();
  }

  /**
   * How many of the requests so far repeated an earlier one exactly but for the request id (a
   * title's current content again): what a deduplicating topology drops.
   */
  public long repeats() {
    return repeats;
  }

  public Request next() {
    double roll = random.nextDouble();
    int title;
    if (titles.isEmpty() || roll >= shape.duplicates() + shape.updates()) {
      title = titles.size();
      titles.add(new int[] {random.nextInt(SCOPES.length), random.nextInt(TYPES.length), 0});
    } else {
      title = titles.size() - hotRank(titles.size());
      if (roll < shape.updates()) {
        titles.get(title)[2]++;
      } else {
        repeats++;
      }
    }
    int[] t = titles.get(title);
    String text = "Load test title " + title + " (" + runId + ")";
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("env", title % 3 == 0 ? "prod" : "dev");
    context.put("owner", "team-" + (title % 17));
    context.put("revision", (long) t[2]);
    if (!padding.isEmpty()) {
      context.put("notes", padding);
    }
    String requestId = runId + "-" + sequence++;
    GenerationRequest request =
        GenerationRequest.newBuilder()
            .setRequestId(requestId)
            .setTitle(text)
            .setScope(SCOPES[t[0]])
            .setType(TYPES[t[1]])
            .setContext(ContextValues.toAvro(context))
            .build();
    return new Request(requestId, text.getBytes(StandardCharsets.UTF_8), REQUESTS.encode(request));
  }
}
