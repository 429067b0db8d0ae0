package dev.registrystreams.client;

/** A topic the client needs does not exist on the cluster. */
public final class MissingTopicException extends RuntimeException {

  private final String topic;

  public MissingTopicException(String topic) {
    super("topic " + topic + " does not exist");
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }
}
