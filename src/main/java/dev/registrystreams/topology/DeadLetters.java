package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.ContentHash;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.SecretMasker;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Builds dead letters. A request that could be decoded is carried re-encoded with its secrets
 * masked, so no secret reaches the dead-letter topic in clear; replaying it gives the same entry,
 * because entries are built from the masked context anyway. Undecodable bytes are carried as they
 * came.
 *
 * <p>Every dead letter fits the dead-letter topic: a record's dead letter is larger than the record
 * itself, so an original key or value too large to be carried whole is cut, and its size and
 * SHA-256 say what it was. A key that alone would leave no room for the letter is not used as the
 * record's key.
 */
final class DeadLetters {

  /** Longest message, in UTF-16 units: messages quote user text, and user text can be huge. */
  static final int MAX_MESSAGE_LENGTH = 1_000;

  /** Longest request id carried, in UTF-16 units: REQUEST_ID_TOO_LONG carries a too long one. */
  static final int MAX_REQUEST_ID_LENGTH = 1_000;

  // The two bytes fields' lengths and their union branches, at most, when they are cut.
  private static final int CUT_FIELDS_OVERHEAD = 2 * (5 + 1);

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);
  private static final AvroSerde<DeadLetter> LETTERS = AvroSerde.of(DeadLetter.class);

  private final MaskedRequests masked;
  private final OutputLimits limits;
  private final String topic;
  private final ProductionFailures failures;

  DeadLetters(SecretMasker masker, OutputLimits limits, String topic, ProductionFailures failures) {
    this.masked = new MaskedRequests(masker);
    this.limits = limits;
    this.topic = topic;
    this.failures = failures;
  }

  <T> Step.Reject<T> undecodable(Origin origin, byte @Nullable [] value, String message) {
    return asTheyCame(RejectionReason.UNDECODABLE, message, origin, value);
  }

  /** A record that could not be decoded as a request, carried byte for byte. */
  <T> Step.Reject<T> asTheyCame(
      RejectionReason reason, String message, Origin origin, byte @Nullable [] value) {
    return letter(reason, message, null, origin, value);
  }

  <T> Step.Reject<T> rejected(
      GenerationRequest request, RejectionReason reason, String message, Origin origin) {
    return letter(
        reason,
        message,
        request.getRequestId(),
        origin,
        REQUESTS.encode(masked.mask(request, null)));
  }

  private <T> Step.Reject<T> letter(
      RejectionReason reason,
      String message,
      @Nullable String requestId,
      Origin origin,
      byte @Nullable [] value) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setReason(reason.name())
            .setMessage(cut(message, MAX_MESSAGE_LENGTH))
            .setRequestId(requestId == null ? null : cut(requestId, MAX_REQUEST_ID_LENGTH))
            .setOriginalKey(Buffers.wrap(origin.key()))
            .setOriginalValue(Buffers.wrap(value))
            .setSourceTopic(origin.topic())
            .setSourcePartition(origin.partition())
            .setSourceOffset(origin.offset())
            .setRejectedAt(Instant.ofEpochMilli(origin.timestamp()))
            .build();
    byte[] key = origin.key();
    if (key != null && key.length > limits.valueRoom(topic, 0) / 2) {
      // A key this large is carried (cut) in the letter instead.
      key = null;
    }
    int room = limits.valueRoom(topic, key == null ? 0 : key.length);
    byte[] encoded = LETTERS.encode(letter);
    if (encoded.length > room) {
      letter = cutToFit(letter, origin.key(), value, room);
    } else if (failures.refusalOfBytes(encoded) != null) {
      // The dead-letter topic refused this very letter: carry only what the original bytes were.
      letter = cutToFit(letter, origin.key(), value, 0);
    }
    return new Step.Reject<>(key, letter);
  }

  /** {@code letter} with its original key and value cut so that it encodes to at most room. */
  private static DeadLetter cutToFit(
      DeadLetter letter, byte @Nullable [] key, byte @Nullable [] value, int room) {
    DeadLetter bare =
        DeadLetter.newBuilder(letter).setOriginalKey(null).setOriginalValue(null).build();
    if (key != null) {
      bare.setOriginalKeySize(key.length);
      bare.setOriginalKeySha256(ContentHash.sha256Hex(key));
    }
    if (value != null) {
      bare.setOriginalValueSize(value.length);
      bare.setOriginalValueSha256(ContentHash.sha256Hex(value));
    }
    int spare = Math.max(0, room - LETTERS.encode(bare).length - CUT_FIELDS_OVERHEAD);
    int keyLength = key == null ? 0 : key.length;
    int valueLength = value == null ? 0 : value.length;
    // The value is what a replay needs most: the key gets no more than half unless the value
    // leaves more.
    int keyRoom = Math.min(keyLength, Math.max(spare / 2, spare - valueLength));
    int valueRoom = Math.min(valueLength, spare - keyRoom);
    DeadLetter cut = DeadLetter.newBuilder(bare).build();
    if (key != null) {
      cut.setOriginalKey(ByteBuffer.wrap(Arrays.copyOf(key, keyRoom)));
      if (keyRoom == keyLength) {
        cut.setOriginalKeySize(null);
        cut.setOriginalKeySha256(null);
      }
    }
    if (value != null) {
      cut.setOriginalValue(ByteBuffer.wrap(Arrays.copyOf(value, valueRoom)));
      if (valueRoom == valueLength) {
        cut.setOriginalValueSize(null);
        cut.setOriginalValueSha256(null);
      }
    }
    return cut;
  }

  /** {@code text} cut to at most {@code max} UTF-16 units, never inside a surrogate pair. */
  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
    return text.substring(0, end) + "\u2026";
  }
}
