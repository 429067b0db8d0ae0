package dev.registrystreams.topology;

import dev.registrystreams.avro.DeadLetter;
import dev.registrystreams.avro.GenerationRequest;
import dev.registrystreams.core.RejectionReason;
import dev.registrystreams.core.SecretMasker;
import java.time.Instant;

/**
 * Builds dead letters. A request that could be decoded is carried re-encoded with its secrets
 * masked, so no secret reaches the dead-letter topic in clear; replaying it gives the same entry,
 * because entries are built from the masked context anyway. Undecodable bytes are carried as they
 * came.
 */
final class DeadLetters {

  private static final AvroSerde<GenerationRequest> REQUESTS =
      AvroSerde.of(GenerationRequest.class);

  private final MaskedRequests masked;

  DeadLetters(SecretMasker masker) {
    this.masked = new MaskedRequests(masker);
  }

  DeadLetter undecodable(Origin origin, byte[] value, String message) {
    return asTheyCame(RejectionReason.UNDECODABLE, message, origin, value);
  }

  /** A record that could not be decoded as a request, carried byte for byte. */
  DeadLetter asTheyCame(RejectionReason reason, String message, Origin origin, byte[] value) {
    return letter(reason, message, null, origin, value);
  }

  DeadLetter rejected(
      GenerationRequest request, RejectionReason reason, String message, Origin origin) {
    return letter(
        reason,
        message,
        request.getRequestId(),
        origin,
        REQUESTS.encode(masked.mask(request, null)));
  }

  private static DeadLetter letter(
      RejectionReason reason, String message, String requestId, Origin origin, byte[] value) {
    return DeadLetter.newBuilder()
        .setReason(reason.name())
        .setMessage(message)
        .setRequestId(requestId)
        .setOriginalKey(Buffers.wrap(origin.key()))
        .setOriginalValue(Buffers.wrap(value))
        .setSourceTopic(origin.topic())
        .setSourcePartition(origin.partition())
        .setSourceOffset(origin.offset())
        .setRejectedAt(Instant.ofEpochMilli(origin.timestamp()))
        .build();
  }
}
