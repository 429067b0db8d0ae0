package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import org.jspecify.annotations.Nullable;

/** What one processing stage decided for a record: pass a value on, or dead-letter it. */
sealed interface Step<T> {

  /** The record goes on to the next stage with this value. */
  record Next<T>(T value) implements Step<T> {}

  /**
   * The record goes to the dead-letter topic as {@code letter}, keyed by {@code key}: the key it
   * arrived with, or null when that is too large to be a dead letter's key.
   */
  record Reject<T>(byte @Nullable [] key, DeadLetter letter) implements Step<T> {}

  static <T> Step<T> next(T value) {
    return new Next<>(value);
  }
}
