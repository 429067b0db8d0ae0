package dev.registrystreams.core;

/**
 * Derives the human-facing entry id {@code SCOPE-TYPE-XXXXXXXXXX} from a dedup key.
 *
 * <p>The 10 characters are the top 50 bits of {@link DedupKey#high()} in Crockford base32 (alphabet
 * {@value #ALPHABET}), most significant first. Because the id carries only a 50-bit prefix of the
 * key, two different keys can in principle share an id; the topology detects that with an id to
 * dedup-key index and rejects the second one with {@link RejectionReason#ID_COLLISION}.
 */
public final class EntryId {

  /** Crockford's base32 alphabet: digits and capitals without I, L, O and U. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /** Number of base32 characters after {@code SCOPE-TYPE-}. */
  public static final int SUFFIX_LENGTH = 10;

  private static final int BITS = SUFFIX_LENGTH * 5;

  private EntryId() {}

  /** Returns {@code scope + "-" + type + "-" + 10 Crockford base32 characters}. */
  public static String derive(String scope, String type, DedupKey key) {
    long prefix = key.high() >>> (Long.SIZE - BITS);
    char[] suffix = new char[SUFFIX_LENGTH];
    for (int i = SUFFIX_LENGTH - 1; i >= 0; i--) {
      suffix[i] = ALPHABET.charAt((int) (prefix & 31));
      prefix >>>= 5;
    }
    return scope + "-" + type + "-" + new String(suffix);
  }
}
