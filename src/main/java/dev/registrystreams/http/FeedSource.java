package dev.registrystreams.http;

import java.util.Properties;

/**
 * Where the change feed reads: the config-changes topic and the client properties (the user's
 * security settings included) to reach it.
 */
public record FeedSource(Properties clientProperties, String topic) {}
