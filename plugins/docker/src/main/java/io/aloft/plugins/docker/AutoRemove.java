package io.aloft.plugins.docker;

import java.util.Locale;

/**
 * When a task's container is removed, as Airflow's {@code auto_remove} says.
 *
 * <ul>
 *   <li>{@code NEVER}: kept after it exits (Airflow's default), stopped but kept when the try is killed;
 *   <li>{@code SUCCESS}: removed once it exited and its result was read, whatever the exit code (what Airflow's
 *       code does), and also after a kill so that no stopped container is left behind;
 *   <li>{@code FORCE}: always removed, forcibly: by the engine as the container exits ({@code HostConfig.AutoRemove},
 *       as {@code docker run --rm} does), so the try need not wait for it and the container goes even while the
 *       daemon is down; by the try after reading it when a file is to be copied out ({@code retrieve_output_path}).
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
