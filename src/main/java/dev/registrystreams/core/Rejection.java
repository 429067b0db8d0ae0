package dev.registrystreams.core;

import java.util.Objects;

/** A rejected request: a stable reason code and one line for a person. */
public record Rejection(RejectionReason reason, String message) {

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
