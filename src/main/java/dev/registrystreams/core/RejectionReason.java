package dev.registrystreams.core;

/** Why a request was not accepted; the names are stable codes on the dead-letter topic. */
public enum RejectionReason {
  UNDECODABLE,
  MISSING_REQUEST_ID,
  REQUEST_ID_TOO_LONG,
  UNKNOWN_SCOPE,
  UNKNOWN_TYPE,
  TITLE_EMPTY,
  TITLE_TOO_LONG,
  TITLE_INVALID_CHARACTER,
  CONTEXT_TOO_LARGE,
  CONTEXT_TOO_DEEP,
  INVALID_VERSION,
  UNKNOWN_STATUS,
  ID_COLLISION,
  PROCESSING_ERROR
}
