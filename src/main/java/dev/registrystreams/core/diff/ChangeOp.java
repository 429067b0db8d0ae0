package dev.registrystreams.core.diff;

/** The kind of change at one leaf path of a config. */
public enum ChangeOp {
  ADD,
  UPDATE,
  DELETE
}
