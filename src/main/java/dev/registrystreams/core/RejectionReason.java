package dev.registrystreams.core;

/** Why a request was not accepted; the names are stable codes on the dead-letter topic. */
public enum RejectionReason {
  UNDECODABLE,
  INVALID_UTF8,
  REQUEST_TOO_LARGE,
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
  ANSWER_TOO_LARGE,
  PROCESSING_ERROR,
  PRODUCTION_ERROR
}
