package io.aloft.sdk.extension;

import io.aloft.sdk.DatabaseWork;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the runtime gives a plugin's routes, pages and commands. Thread-safe; valid for the process's lifetime.
 */
public interface PluginServices {

  /** The plugin's id, as in its {@code Plugin-Id}. */
  String pluginId();

  /** The validated settings of the configuration (the same map operators get). */
  Map<String, String> settings();

  /** Aloft's data directory ({@code ALOFT_HOME}). */
  Path home();

  /** The plugin's own schema in the metadata database. */
  PluginDatabase database();

  /**
   * The plugin's own tables: {@link #inTransaction} opens a connection whose search path is the plugin's schema,
   * runs the work in one transaction (committed when it returns, rolled back when it throws) and closes it.
   */
  interface PluginDatabase {
    <T> T inTransaction(DatabaseWork<T> work);
  }

  /** Calls {@code work} in one transaction on the plugin's schema (a shortcut for {@code database().inTransaction}). */
  default <T> T inTransaction(DatabaseWork<T> work) {
    return database().inTransaction(work);
  }
}
