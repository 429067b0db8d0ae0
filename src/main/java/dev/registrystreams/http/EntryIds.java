package dev.registrystreams.http;

import dev.registrystreams.core.DedupKey;
import dev.registrystreams.core.EntryId;
import dev.registrystreams.core.RegistrySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Entry ids and dedup keys as the HTTP side checks and derives them. */
final class EntryIds {

  /** {@code SCOPE-TYPE-} and 10 Crockford base32 characters; scopes and types have no '-'. */
  private static final Pattern ID =
      Pattern.compile("[A-Z][A-Z0-9]{0,15}-[A-Z][A-Z0-9]{0,15}-[" + EntryId.ALPHABET + "]{10}");

  private static final Pattern DEDUP_KEY = Pattern.compile("[0-9a-f]{32}");

  private EntryIds() {}

  static boolean isId(@Nullable String text) {
    return text != null && ID.matcher(text).matches();
  }

  static boolean isDedupKey(@Nullable String text) {
    return text != null && DEDUP_KEY.matcher(text).matches();
  }

  static String scopeOf(String id) {
    int dash = id.indexOf('-');
    return dash < 0 ? id : id.substring(0, dash);
  }

  static String typeOf(String id) {
    int first = id.indexOf('-');
    int second = first < 0 ? -1 : id.indexOf('-', first + 1);
    return second < 0 ? "" : id.substring(first + 1, second);
  }

  /**
   * Every id the entry of {@code dedupKey} can have: the key fixes the id's suffix, not its scope
   * and type (the key is a hash of them), so one id per scope and type of the schema.
   */
  static List<String> candidates(String dedupKey, RegistrySchema schema) {
    DedupKey key = DedupKey.fromHex(dedupKey);
    List<String> ids = new ArrayList<>();
    for (String scope : schema.header().scopes()) {
      for (String type : schema.header().types()) {
        ids.add(EntryId.derive(scope, type, key));
      }
    }
    return ids;
  }
}
