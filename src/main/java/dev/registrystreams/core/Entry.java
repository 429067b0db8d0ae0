package dev.registrystreams.core;

import java.util.Map;

/**
 * One revision of a registry entry, independent of any wire format.
 *
 * <p>{@code config} is the YAML config document; {@code contentHash} is the SHA-256 of its content
 * part (see {@link EntryDocument}); {@code createdAt} and {@code updatedAt} are epoch milliseconds
 * taken from request records.
 */
public record Entry(
    String id,
    String dedupKey,
    int revision,
    String header,
    String grepable,
    String config,
    String contentHash,
    String scope,
    String type,
    String variant,
    String version,
    String status,
    String title,
    long createdAt,
    long updatedAt,
    Map<String, Object> context) {}
