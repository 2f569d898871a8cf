package io.aloft.plugins.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code env_file} content ({@code KEY=value} lines, as python-dotenv does for the common cases). */
final class EnvFile {

  private EnvFile() {}

  static Map<String, String> parse(String content) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : content.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int comment = value.indexOf(" #");
        if (comment >= 0) {
          value = value.substring(0, comment).strip();
        }
      }
      out.put(key, value);
    }
    return out;
  }
}
