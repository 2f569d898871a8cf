package io.aloft.plugins.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code command} or {@code entrypoint} argument into the argument vector Docker gets, as Airflow and
 * docker-py do: a list is used as it is; a string that starts with {@code [} is read as a Python list literal;
 * any other string is split like a POSIX shell would split it (quotes and backslashes), without running a shell.
 */
final class CommandLine {

  private CommandLine() {}

  static List<String> parse(String argument, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    String text = value.toString();
    if (text.strip().startsWith("[")) {
      return pythonList(argument, text.strip());
    }
    return split(text);
  }

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < text.length() && "\"\\$`\n".indexOf(text.charAt(i + 1)) >= 0) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated " + quote + " quote in: " + text);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** A Python list of string literals, e.g. {@code ["sh", "-c", 'echo "hi"']}. */
  private static List<String> pythonList(String argument, String text) {
    List<String> items = new ArrayList<>();
    int i = 1;
    while (true) {
      i = skipSpace(text, i);
      if (i >= text.length()) {
        throw new IllegalArgumentException(argument + " is not a valid list: " + text);
      }
      char c = text.charAt(i);
      if (c == ']') {
        return items;
      }
      if (c != '\'' && c != '"') {
        throw new IllegalArgumentException(argument + " must be a list of strings: " + text);
      }
      StringBuilder item = new StringBuilder();
      i++;
      while (i < text.length() && text.charAt(i) != c) {
        char ch = text.charAt(i);
        if (ch == '\\' && i + 1 < text.length()) {
          char next = text.charAt(++i);
          item.append(
              switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                default -> next;
              });
        } else {
          item.append(ch);
        }
        i++;
      }
      items.add(item.toString());
      i = skipSpace(text, i + 1);
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
