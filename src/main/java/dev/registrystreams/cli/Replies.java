package dev.registrystreams.cli;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.avro.RegistryEntry;
import dev.registrystreams.client.EntryLookup;
import dev.registrystreams.client.RoundTrip;
import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryDocument;
import dev.registrystreams.core.yaml.YamlCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one request and prints its answer, for {@code generate} and {@code config put}: exit 0 for
 * an entry, 2 when the request was rejected, and a one-line error (exit 1) when no answer came.
 */
final class Replies {

  /** Exit code of a request that was dead-lettered. */
  static final int REJECTED = 2;

  private Replies() {}

  /**
   * Sends {@code request} (keyed by its dedup key, so requests about one title stay in order),
   * waits for the answer and prints it.
   *
   * @return the exit code
   */
  static int requestAndPrint(
      ClientConnection connection,
      EntryLookup lookup,
      GenerationRequest request,
      Duration timeout,
      Printer printer) {
    RoundTrip.Reply reply =
        connection.call(
            () -> {
              try {
                return new RoundTrip(connection.properties(), connection.topics(), lookup)
                    .request(request, key(request), timeout);
              } catch (RoundTrip.NoAnswerException e) {
                throw new UserException(
                    "no answer for request "
                        + request.getRequestId()
                        + " within "
                        + DurationConverter.format(timeout)
                        + "; is registry-streams running against "
                        + connection.bootstrapServers()
                        + "?");
              } catch (IllegalStateException e) {
                throw new UserException(e.getMessage());
              }
            });
    if (reply instanceof RoundTrip.Answered answered) {
      printEntry(printer, answered.entry(), answered.fromLookup());
      return 0;
    }
    printRejection(printer, ((RoundTrip.Rejected) reply).letter());
    return REJECTED;
  }

  /** The record key of a request: its dedup key in hex. */
  private static byte[] key(GenerationRequest request) {
    return DedupKey.of(request.getScope(), request.getType(), request.getTitle())
        .hex()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What the table says of an answer that did not make the round trip. */
  static final String FROM_CACHE = "answered from the registry cache (Redis), no Kafka round trip";

  /**
   * Prints an answer; {@code fromCache} when the registry cache (Redis) gave it without a Kafka
   * round trip: {@code source} is then {@code cache}, else {@code kafka}.
   */
  static void printEntry(Printer printer, RegistryEntry entry, boolean fromCache) {
    Map<String, Object> config = YamlCodec.load(entry.getConfig());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", entry.getRequestId());
    doc.put("outcome", entry.getOutcome().name());
    doc.put("id", entry.getId());
    doc.put("revision", (long) entry.getRevision());
    doc.put("header", entry.getHeader());
    doc.put("grepable", entry.getGrepable());
    doc.put("contentHash", entry.getContentHash());
    doc.put("dedupKey", entry.getDedupKey());
    doc.put("updatedAt", EntryDocument.isoMillis(entry.getUpdatedAt().toEpochMilli()));
    doc.put("config", config);
    doc.put("source", fromCache ? "cache" : "kafka");
    printer.print(
        doc,
        out -> {
          if (fromCache) {
            out.println(FROM_CACHE);
          }
          Table.fields(
              out,
              "outcome",
              entry.getOutcome(),
              "revision",
              entry.getRevision(),
              "header",
              entry.getHeader(),
              "grepable",
              entry.getGrepable(),
              "id",
              entry.getId(),
              "content hash",
              entry.getContentHash(),
              "request id",
              entry.getRequestId());
          out.println("config:");
          entry.getConfig().lines().forEach(line -> out.println("  " + line));
        });
  }

  static void printRejection(Printer printer, DeadLetter letter) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", letter.getRequestId());
    doc.put("outcome", "REJECTED");
    doc.put("reason", letter.getReason());
    doc.put("message", letter.getMessage());
    printer.print(
        doc,
        out ->
            Table.fields(
                out,
                "outcome",
                "REJECTED",
                "reason",
                letter.getReason(),
                "message",
                letter.getMessage(),
                "request id",
                letter.getRequestId()));
  }
}
