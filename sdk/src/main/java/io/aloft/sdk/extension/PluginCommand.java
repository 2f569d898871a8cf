package io.aloft.sdk.extension;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@code aloft} subcommand of a plugin. {@code path} is the words after {@code aloft}, e.g. {@code "models list"}
 * or {@code "gpu check"}; a first word that is a built-in command is refused. The runtime parses the options (with
 * {@code --help}) and prints the result: {@link Output.Rows} as a table, or as JSON with {@code -o json} (the
 * runtime adds {@code -o}); {@link Output.Text} as it is, with its exit code.
 */
public record PluginCommand(String path, String description, List<Option> options, Handler handler) {

  /**
   * An option: {@code --name VALUE}, or a flag ({@code --name}) whose value is {@code "true"} when given.
   *
   * @param names e.g. {@code ["--model", "-m"]}; the first is the key in the handler's map, without dashes
   * @param defaultValue the value when not given ({@code null}: absent from the map)
   */
  public record Option(List<String> names, String description, String defaultValue, boolean flag) {
    public Option {
      names = List.copyOf(names);
      if (names.isEmpty() || !names.get(0).startsWith("--")) {
        throw new IllegalArgumentException("an option's first name is its long form, e.g. --model: " + names);
      }
    }

    /** The key in the handler's option map: the long name without dashes. */
    public String key() {
      return names.get(0).substring(2);
    }
  }

  /** Runs the command; the map holds given options and defaults by {@link Option#key()}. */
  @FunctionalInterface
  public interface Handler {
    Output run(Map<String, String> options) throws Exception;
  }

  /** What a command prints. */
  public sealed interface Output permits Output.Rows, Output.Text {
    /** Rows of named values; {@code columns} are the ones the table shows (JSON shows every key). */
    record Rows(List<String> columns, List<Map<String, Object>> rows) implements Output {
      public Rows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
      }
    }

    /** Text printed as it is, and the command's exit code. */
    record Text(String text, int exitCode) implements Output {}
  }

  public PluginCommand {
    Objects.requireNonNull(handler, "handler");
    options = List.copyOf(options);
    if (path == null || !path.matches("[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*")) {
      throw new IllegalArgumentException("a command path is lower-case words, e.g. \"models list\": " + path);
    }
  }

  public static PluginCommand of(String path, String description, List<Option> options, Handler handler) {
    return new PluginCommand(path, description, options, handler);
  }
}
