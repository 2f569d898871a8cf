package io.aloft.runtime.app;

/**
 * Plugins loaded for one command of the CLI: their operators and what they add beyond operators. Closing it unloads
 * them.
 */
public record LoadedPlugins(LoadedOperators operators, PluginExtensions extensions) implements AutoCloseable {

  /** The settings the loaded plugins declare. */
  public java.util.List<io.aloft.sdk.SettingSpec> settings() {
    return operators.plugins().settings();
  }

  @Override
  public void close() {
    operators.close();
  }
}
