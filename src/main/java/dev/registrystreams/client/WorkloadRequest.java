package dev.registrystreams.client;

/**
 * One record of a generated workload: the bytes to send and the answer it must get.
 *
 * @param rejectReason the dead-letter reason code when {@code expected} is REJECTED, else null
 */
public record WorkloadRequest(
    String requestId, byte[] key, byte[] value, Expected expected, String rejectReason) {}
