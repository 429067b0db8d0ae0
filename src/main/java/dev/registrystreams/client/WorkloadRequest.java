package dev.registrystreams.client;

import org.jspecify.annotations.Nullable;

/**
 * One record of a workload: the bytes to send and, for a generated workload, the answer it must
 * get.
 *
 * @param requestId the request's id, or null for a record that is no request (undecodable bytes)
 * @param expected the answer it must get, or null when that is not known (requests from a file)
 * @param rejectReason the dead-letter reason code when {@code expected} is REJECTED, else null
 */
public record WorkloadRequest(
    @Nullable String requestId,
    byte[] key,
    byte[] value,
    @Nullable Expected expected,
    @Nullable String rejectReason) {}
