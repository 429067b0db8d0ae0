package dev.registrystreams.core;

import dev.registrystreams.core.diff.ConfigDiff;
import dev.registrystreams.core.yaml.YamlCodec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a validated request and the prior entry of its key into the next entry: CREATED, UPDATED or
 * UNCHANGED.
 *
 * <p>A pure function of (request, dedup key, entry id, prior entry, configuration): it reads no
 * clock and uses no randomness; every timestamp comes from {@link GenerationInput#timestamp()}.
 * Resolving the same record again therefore produces byte-identical output. Instances hold no
 * mutable state and may be shared between stream threads.
 */
public final class Resolver {

  private final HeaderSchema header;
  private final EntryDocument documents;

  public Resolver(RegistrySchema schema) {
    this.header = schema.header();
    this.documents = new EntryDocument(schema.secretMasker());
  }

  /**
   * Resolves {@code in} against {@code prior}: {@code resolve(candidate(in, dedupKeyHex, entryId),
   * prior)}.
   *
   * @param dedupKeyHex {@code DedupKey.of(in.scope(), in.type(), in.title()).hex()}, computed by
   *     the caller, which keys its store by it
   * @param entryId {@code EntryId.derive(...)} of that key, checked for collisions by the caller
   * @param prior the current entry of the key, or null when there is none
   */
  public Resolution resolve(
      GenerationInput in, String dedupKeyHex, String entryId, @Nullable Entry prior) {
    return resolve(candidate(in, dedupKeyHex, entryId), prior);
  }

  /**
   * The content a request asks for and its hash, before any prior entry is looked at: a caller that
   * holds only the prior entry's hash can tell UNCHANGED from it without building the entry.
   */
  public Candidate candidate(GenerationInput in, String dedupKeyHex, String entryId) {
    String version = in.version() != null ? in.version() : header.defaultVersion();
    String status = in.status() != null ? in.status() : header.defaultStatus();
    Header h =
        new Header(
            in.scope(), in.type(), header.variantFor(in.context()), entryId, version, status);
    Map<String, Object> content = documents.content(h, in.title(), in.context(), dedupKeyHex);
    return new Candidate(in, dedupKeyHex, h, content, ContentHash.of(content));
  }

  /** Resolves a candidate against {@code prior}, the current entry of its key or null. */
  public Resolution resolve(Candidate candidate, @Nullable Entry prior) {
    GenerationInput in = candidate.input();
    Header h = candidate.header();
    Map<String, Object> content = candidate.content();
    String contentHash = candidate.contentHash();
    String dedupKeyHex = candidate.dedupKey();

    if (prior == null) {
      Entry created = entry(h, in, dedupKeyHex, content, contentHash, 1, in.timestamp());
      return new Resolution(Outcome.CREATED, created, null, ConfigDiff.diff(null, content));
    }
    if (prior.contentHash().equals(contentHash)) {
      return new Resolution(Outcome.UNCHANGED, prior, null, List.of());
    }
    Entry updated =
        entry(h, in, dedupKeyHex, content, contentHash, prior.revision() + 1, prior.createdAt());
    Map<String, Object> priorContent = documents.contentOf(prior);
    return new Resolution(Outcome.UPDATED, updated, prior, ConfigDiff.diff(priorContent, content));
  }

  /**
   * A request's header, content document and content hash.
   *
   * @param dedupKey the request's dedup key, hex
   */
  public record Candidate(
      GenerationInput input,
      String dedupKey,
      Header header,
      Map<String, Object> content,
      String contentHash) {}

  private static Entry entry(
      Header h,
      GenerationInput in,
      String dedupKeyHex,
      Map<String, Object> content,
      String contentHash,
      int revision,
      long createdAt) {
    String config =
        YamlCodec.dump(
            EntryDocument.full(content, createdAt, revision, in.timestamp(), contentHash));
    return new Entry(
        h.id(),
        dedupKeyHex,
        revision,
        h.text(),
        h.grepable(),
        config,
        contentHash,
        h.scope(),
        h.type(),
        h.variant(),
        h.version(),
        h.status(),
        in.title(),
        createdAt,
        in.timestamp(),
        EntryDocument.contextOf(content));
  }
}
