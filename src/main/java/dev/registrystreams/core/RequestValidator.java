package dev.registrystreams.core;

import dev.registrystreams.core.text.UserText;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a decoded request may enter the registry, and if not, why.
 *
 * <p>Checks run in a fixed order (request id, scope, type, title, version, status, context), so a
 * request with several faults always gets the same reason. Instances hold no mutable state and may
 * be shared between stream threads.
 */
public final class RequestValidator {

  /** Longest request version checked against the (configurable) version pattern. */
  static final int MAX_VERSION_LENGTH = 64;

  private final HeaderSchema header;
  private final RequestLimits limits;
  private final TitleCharacters titleCharacters = new TitleCharacters();
  private final ContextMeasure contextMeasure;

  public RequestValidator(RegistrySchema schema) {
    this.header = schema.header();
    this.limits = schema.limits();
    this.contextMeasure = new ContextMeasure(limits.maxContextDepth());
  }

  /** Empty when the request is acceptable; otherwise the first problem found. */
  public Optional<Rejection> validate(GenerationInput in) {
    Rejection rejection = requestId(in.requestId());
    if (rejection == null) {
      rejection = member(RejectionReason.UNKNOWN_SCOPE, "scope", in.scope(), header.scopes());
    }
    if (rejection == null) {
      rejection = member(RejectionReason.UNKNOWN_TYPE, "type", in.type(), header.types());
    }
    if (rejection == null) {
      rejection = title(in.title());
    }
    if (rejection == null) {
      rejection = version(in.version());
    }
    if (rejection == null) {
      rejection = status(in.status());
    }
    if (rejection == null) {
      rejection = context(in);
    }
    return Optional.ofNullable(rejection);
  }

  /** The scope rule alone: one of the configured scopes. */
  public Optional<Rejection> checkScope(String scope) {
    return Optional.ofNullable(
        member(RejectionReason.UNKNOWN_SCOPE, "scope", scope, header.scopes()));
  }

  /** The type rule alone: one of the configured types. */
  public Optional<Rejection> checkType(String type) {
    return Optional.ofNullable(member(RejectionReason.UNKNOWN_TYPE, "type", type, header.types()));
  }

  /** The title rules alone: not empty, not too long, no refused character. */
  public Optional<Rejection> checkTitle(String title) {
    return Optional.ofNullable(title(title));
  }

  /** The version rule alone; null (the default version) passes. */
  public Optional<Rejection> checkVersion(@Nullable String version) {
    return Optional.ofNullable(version(version));
  }

  /** The status rule alone; null (the default status) passes. */
  public Optional<Rejection> checkStatus(@Nullable String status) {
    return Optional.ofNullable(status(status));
  }

  private @Nullable Rejection requestId(@Nullable String requestId) {
    if (requestId == null || requestId.isBlank()) {
      return new Rejection(RejectionReason.MISSING_REQUEST_ID, "requestId is missing or blank");
    }
    int length = requestId.codePointCount(0, requestId.length());
    if (length > limits.maxRequestIdLength()) {
      return new Rejection(
          RejectionReason.REQUEST_ID_TOO_LONG,
          "requestId is " + length + " characters; the limit is " + limits.maxRequestIdLength());
    }
    return null;
  }

  private static @Nullable Rejection member(
      RejectionReason reason, String field, @Nullable String value, Set<String> allowed) {
    if (value != null && allowed.contains(value)) {
      return null;
    }
    return new Rejection(
        reason,
        field
            + " "
            + UserText.quote(value)
            + " is not one of "
            + String.join(", ", allowed)
            + " (case-sensitive)");
  }

  private @Nullable Rejection title(@Nullable String title) {
    String text = title == null ? "" : title;
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return new Rejection(
          RejectionReason.TITLE_EMPTY, "title is empty or only whitespace; it needs 1 character");
    }
    int length = stripped.codePointCount(0, stripped.length());
    if (length > limits.maxTitleLength()) {
      return new Rejection(
          RejectionReason.TITLE_TOO_LONG,
          "title is "
              + length
              + " characters after trimming; the limit is "
              + limits.maxTitleLength());
    }
    if (!TitleCharacters.hasVisible(stripped)) {
      return new Rejection(
          RejectionReason.TITLE_EMPTY,
          "title has no visible character (only spaces, zero-width or other invisible"
              + " characters); it needs 1");
    }
    TitleCharacters.Violation bad = titleCharacters.firstViolation(text);
    if (bad != null) {
      return new Rejection(
          RejectionReason.TITLE_INVALID_CHARACTER,
          "title contains "
              + UserText.codePointName(bad.codePoint())
              + " ("
              + bad.kind()
              + ") at position "
              + bad.position()
              + "; allowed are printable characters, space, tab and line feed");
    }
    return null;
  }

  private @Nullable Rejection version(@Nullable String version) {
    if (version == null) {
      return null;
    }
    // The pattern is configuration; the length cap keeps a careless pattern from being slow, and
    // the token check keeps the header unambiguous whatever the pattern allows.
    boolean ok =
        version.length() <= MAX_VERSION_LENGTH
            && Header.isSafePart(version)
            && header.versionPattern().matcher(version).matches();
    if (ok) {
      return null;
    }
    return new Rejection(
        RejectionReason.INVALID_VERSION,
        "version "
            + UserText.quote(version)
            + " does not match "
            + header.versionPattern().pattern()
            + " (e.g. "
            + header.defaultVersion()
            + ")");
  }

  private @Nullable Rejection status(@Nullable String status) {
    if (status == null || header.statuses().contains(status)) {
      return null;
    }
    return new Rejection(
        RejectionReason.UNKNOWN_STATUS,
        "status "
            + UserText.quote(status)
            + " is not one of "
            + String.join(", ", header.statuses())
            + " (case-sensitive)");
  }

  private @Nullable Rejection context(GenerationInput in) {
    ContextMeasure.Result measured = contextMeasure.measure(in.context());
    if (measured.tooDeep()) {
      return new Rejection(
          RejectionReason.CONTEXT_TOO_DEEP,
          "context nests maps and lists more than "
              + limits.maxContextDepth()
              + " levels deep (a flat map is 1 level); the limit is "
              + limits.maxContextDepth());
    }
    if (measured.bytes() > limits.maxContextBytes()) {
      return new Rejection(
          RejectionReason.CONTEXT_TOO_LARGE,
          "context is " + measured.bytes() + " bytes; the limit is " + limits.maxContextBytes());
    }
    return null;
  }
}
