package dev.registrystreams.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.topology.AvroSerde;
import dev.registrystreams.topology.ContextValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's workload: reproducible from its seed, and with the shares of new titles, exact
 * repeats and changed contexts that its shape asks for, measured from the requests themselves.
 */
class RequestStreamTest {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TITLE = Pattern.compile("Load test title (\\d+) \\(run\\)");
  private static final int REQUESTS_PER_SAMPLE = 20_000;

  /**
   * How far a measured share may be from the asked one. Each request is new, a repeat or a change
   * by one independent draw, so over 20,000 requests a share's standard deviation is at most
   * sqrt(0.25 / 20,000) = 0.0035; 0.015 is more than four of them, so any seed passes, while a
   * share that is off by a few points (a branch taken at the wrong threshold) does not.
   */
  private static final double SHARE_TOLERANCE = 0.015;

  private static RequestStream.Shape shape(double duplicates, double updates, double zipf) {
    return new RequestStream.Shape(duplicates, updates, zipf, 200, 42);
  }

  @Test
  void theSameSeedGivesByteIdenticalRequests() {
    RequestStream one = new RequestStream(shape(0.3, 0.1, 1.0), "run");
    RequestStream two = new RequestStream(shape(0.3, 0.1, 1.0), "run");
    for (int i = 0; i < 5_000; i++) {
      RequestStream.Request a = one.next();
      RequestStream.Request b = two.next();
      assertThat(b.requestId()).as("request %d", i).isEqualTo(a.requestId());
      assertThat(b.key()).as("key of request %d", i).isEqualTo(a.key());
      assertThat(b.value()).as("value of request %d", i).isEqualTo(a.value());
    }
  }

  @Test
  void anotherSeedGivesOtherRequests() {
    List<String> seed42 = values(new RequestStream.Shape(0.3, 0.1, 1.0, 200, 42), 1_000);
    List<String> seed43 = values(new RequestStream.Shape(0.3, 0.1, 1.0, 200, 43), 1_000);
    assertThat(seed43).isNotEqualTo(seed42);
    // Not merely one request apart: most differ.
    long same = 0;
    for (int i = 0; i < seed42.size(); i++) {
      same += seed42.get(i).equals(seed43.get(i)) ? 1 : 0;
    }
    assertThat(same).isLessThan(100);
  }

  private static List<String> values(RequestStream.Shape shape, int count) {
    RequestStream stream = new RequestStream(shape, "run");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(HexFormat.of().formatHex(stream.next().value()));
    }
    return values;
  }

  @Test
  void eachRequestIsKeyedByItsTitleAndNumberedInTheRun() {
    RequestStream stream = new RequestStream(shape(0.3, 0.1, 1.0), "run");
    for (int i = 0; i < 1_000; i++) {
      RequestStream.Request request = stream.next();
      GenerationRequest decoded = REQUESTS.decode(request.value());
      assertThat(request.requestId()).isEqualTo("run-" + i);
      assertThat(decoded.getRequestId()).isEqualTo("run-" + i);
      assertThat(new String(request.key(), StandardCharsets.UTF_8)).isEqualTo(decoded.getTitle());
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(0.3, 0.1, 1.0), // bench's default
        Arguments.of(0.5, 0.1, 1.0),
        Arguments.of(0.6, 0.3, 0.0),
        Arguments.of(0.0, 0.5, 1.5),
        Arguments.of(0.2, 0.0, 0.5));
  }

  @ParameterizedTest(name = "duplicates {0}, updates {1}, zipf {2}")
  @MethodSource("shapes")
  void theSharesOfRepeatsAndChangesAreTheShapes(double duplicates, double updates, double zipf) {
    Mix mix = Mix.of(new RequestStream(shape(duplicates, updates, zipf), "run"));

    assertThat(mix.total()).isEqualTo(REQUESTS_PER_SAMPLE);
    assertThat(mix.share(mix.repeats)).isCloseTo(duplicates, within(SHARE_TOLERANCE));
    assertThat(mix.share(mix.changes)).isCloseTo(updates, within(SHARE_TOLERANCE));
    assertThat(mix.share(mix.fresh)).isCloseTo(1 - duplicates - updates, within(SHARE_TOLERANCE));
  }

  @Test
  void withNoRepeatsOrChangesEveryRequestIsANewTitle() {
    Mix mix = Mix.of(new RequestStream(shape(0, 0, 1.0), "run"));
    assertThat(mix.fresh).isEqualTo(REQUESTS_PER_SAMPLE);
  }

  @Test
  void theZipfLawAimsRepeatsAtTheNewestTitles() {
    // With exponent 1 over n titles the newest is hit with probability 1 / H(n), about 1/9 for
    // the few thousand titles here; uniformly, 1 / n.
    assertThat(Mix.of(new RequestStream(shape(0.3, 0.1, 1.0), "run")).newestShare())
        .isBetween(0.08, 0.2);
    assertThat(Mix.of(new RequestStream(shape(0.3, 0.1, 0.0), "run")).newestShare())
        .isLessThan(0.01);
  }

  /**
   * The context, as compact JSON, is the asked size give or take its fixed fields: the stream pads
   * it to 64 bytes less than asked, the fields and the JSON around them take about 56, and the
   * revision grows by a digit now and then.
   */
  @ParameterizedTest
  @ValueSource(ints = {100, 200, 1_000, 10_000})
  void theContextIsAboutTheAskedSize(int contextBytes) throws JsonProcessingException {
    RequestStream stream =
        new RequestStream(new RequestStream.Shape(0.3, 0.1, 1.0, contextBytes, 42), "run");
    for (int i = 0; i < 2_000; i++) {
      assertThat(contextJsonBytes(stream.next())).isCloseTo(contextBytes, within(16));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 64})
  void aContextNoLargerThanItsFixedFieldsHasNoPadding(int contextBytes) {
    RequestStream stream =
        new RequestStream(new RequestStream.Shape(0.3, 0.1, 1.0, contextBytes, 42), "run");
    GenerationRequest request = REQUESTS.decode(stream.next().value());
    assertThat(request.getContext()).containsOnlyKeys("env", "owner", "revision");
  }

  private static int contextJsonBytes(RequestStream.Request request)
      throws JsonProcessingException {
    GenerationRequest decoded = REQUESTS.decode(request.value());
    return JSON.writeValueAsBytes(ContextValues.toJava(decoded.getContext(), 8)).length;
  }

  @Test
  void theShapeDescribesItself() {
    assertThat(new RequestStream.Shape(0.5, 0.1, 1.0, 200, 42).describe())
        .isEqualTo(
            "40% new, 50% duplicates, 10% updates; Zipf 1.00 over existing titles;"
                + " ~200-byte contexts");
  }

  @ParameterizedTest(name = "duplicates {0}, updates {1}, zipf {2}, context {3}")
  @CsvSource({
    "-0.1, 0.1, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0.1, -0.1, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "1.5, 0, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0, 1, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0.6, 0.4, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0.5, 0.6, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "NaN, 0.1, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0.1, NaN, 1, 200, duplicates and updates must be at least 0 and add up to less than 1",
    "0.3, 0.1, -1, 200, the Zipf exponent must be a finite number of at least 0",
    "0.3, 0.1, NaN, 200, the Zipf exponent must be a finite number of at least 0",
    "0.3, 0.1, Infinity, 200, the Zipf exponent must be a finite number of at least 0",
    "0.3, 0.1, 1, -1, the context size must be at least 0",
  })
  void anImpossibleShapeIsRefusedWithItsReason(
      double duplicates, double updates, double zipf, int contextBytes, String message) {
    assertThatThrownBy(() -> new RequestStream.Shape(duplicates, updates, zipf, contextBytes, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void theEdgesOfTheShapeAreAccepted() {
    new RequestStream.Shape(0, 0, 0, 0, 0);
    new RequestStream.Shape(0.99, 0, 100, 0, -1);
    new RequestStream.Shape(0, 0.99, 0, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * What a sample of the stream turned out to be, from the requests alone: a request is new when
   * its scope/type/title was not seen before, a repeat when its context equals that title's last
   * one, a change otherwise.
   */
  private static final class Mix {
    long fresh;
    long repeats;
    long changes;
    long hitsOnNewest;

    static Mix of(RequestStream stream) {
      Mix mix = new Mix();
      Map<String, Map<String, Object>> current = new HashMap<>();
      int newestTitle = -1;
      for (int i = 0; i < REQUESTS_PER_SAMPLE; i++) {
        GenerationRequest request = REQUESTS.decode(stream.next().value());
        String key = request.getScope() + "/" + request.getType() + "/" + request.getTitle();
        Map<String, Object> context = ContextValues.toJava(request.getContext(), 8);
        Map<String, Object> before = current.put(key, context);
        int title = titleNumber(request.getTitle());
        if (before == null) {
          mix.fresh++;
          assertThat(title).as("titles are numbered in order").isEqualTo(newestTitle + 1);
          newestTitle = title;
          continue;
        }
        if (before.equals(context)) {
          mix.repeats++;
        } else {
          mix.changes++;
        }
        if (title == newestTitle) {
          mix.hitsOnNewest++;
        }
      }
      return mix;
    }

    private static int titleNumber(String title) {
      Matcher m = TITLE.matcher(title);
      assertThat(m.matches()).as("title %s", title).isTrue();
      return Integer.parseInt(m.group(1));
    }

    long total() {
      return fresh + repeats + changes;
    }

    double share(long count) {
      return (double) count / total();
    }

    /** The share of repeats and changes that hit the newest title there was at the time. */
    double newestShare() {
      return (double) hitsOnNewest / (repeats + changes);
    }
  }
}
