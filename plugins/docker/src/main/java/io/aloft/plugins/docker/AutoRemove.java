package io.aloft.plugins.docker;

import java.util.Locale;

/**
 * When a task's container is removed, as Airflow's {@code auto_remove} says.
 *
 * <ul>
 *   <li>{@code NEVER}: kept after it exits (Airflow's default), stopped but kept when the try is killed;
 *   <li>{@code SUCCESS}: removed once it exited and its result was read, whatever the exit code (what Airflow's
 *       code does), and also after a kill so that no stopped container is left behind;
 *   <li>{@code FORCE}: always removed, forcibly, after a kill too: by the try once it has read the output, the exit
 *       code and any output file — not by the engine at the exit ({@code HostConfig.AutoRemove}), so that a try
 *       resumed after the daemon died still finds a container that finished meanwhile and reads it.
 * </ul>
 */
public enum AutoRemove {
  NEVER,
  SUCCESS,
  FORCE;

  /** Reads {@code "never"}, {@code "success"}, {@code "force"}, or the older booleans (true = success). */
  public static AutoRemove parse(Object value) {
    if (value == null) {
      return NEVER;
    }
    if (value instanceof Boolean b) {
      return b ? SUCCESS : NEVER;
    }
    return switch (value.toString().toLowerCase(Locale.ROOT)) {
      case "never", "false" -> NEVER;
      case "success", "true" -> SUCCESS;
      case "force" -> FORCE;
      default ->
          throw new IllegalArgumentException(
              "auto_remove=" + value + " is not valid: use 'never', 'success' or 'force'");
    };
  }
}
