package dev.registrystreams.client;

/**
 * One record of a workload: the bytes to send and, for a generated workload, the answer it must
 * get.
 *
 * @param expected the answer it must get, or null when that is not known (requests from a file)
 * @param rejectReason the dead-letter reason code when {@code expected} is REJECTED, else null
 */
public record WorkloadRequest(
    String requestId, byte[] key, byte[] value, Expected expected, String rejectReason) {}
