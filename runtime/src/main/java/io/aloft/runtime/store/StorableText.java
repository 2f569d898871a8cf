package io.aloft.runtime.store;

/**
 * Makes any text storable in PostgreSQL, which rejects the NUL character in {@code text} columns ("invalid
 * byte sequence for encoding UTF8: 0x00") and its JSON escape {@code \u0000} in {@code jsonb}. A task's
 * exception message, an XCom key or an import error can hold one; refusing the write would leave a try
 * {@code running} forever or abort a DAG-folder pass, so every NUL becomes U+2400 (␀, "symbol for null"),
 * which reads the same in the UI and the logs.
 *
 * <p>Applied to every string a store binds (see {@link Jdbis}), so no store has to remember it. The JSON
 * rule rewrites {@code \u0000} only where it is an escape (preceded by an odd number of backslashes), so
 * an escaped backslash followed by "u0000" stays as it is. Stateless and thread-safe.
 */
public final class StorableText {

  /** What a NUL is stored as. */
  public static final char NUL_SYMBOL = '\u2400';

  private StorableText() {}

  /** {@code text} with every NUL and every JSON {@code \u0000} escape replaced; the same instance when it has none. */
  public static String of(String text) {
    if (text == null || (text.indexOf('\0') < 0 && !text.contains("u0000"))) {
      return text; // the common case costs two scans and no copy
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean changed = false;
    int backslashes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        out.append(NUL_SYMBOL);
        changed = true;
        backslashes = 0;
        continue;
      }
      if (c == 'u' && backslashes % 2 == 1 && text.startsWith("0000", i + 1)) {
        out.append("u2400");
        i += 4;
        changed = true;
        backslashes = 0;
        continue;
      }
      backslashes = c == '\\' ? backslashes + 1 : 0;
      out.append(c);
    }
    return changed ? out.toString() : text;
  }
}
