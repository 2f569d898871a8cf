package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.builtin.CrossDagRuns;
import io.aloft.runtime.plugins.BundledPlugins;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.plugins.PluginHost;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The operators of this Aloft home, loaded by the one plugin-loading sequence every entry point uses (the daemon,
 * {@code dags upload}, {@code plugins list}, {@code gpu check}): stage the bundled plugins, then a new registry with
 * the built-in operators, then the plugins' operators on top, then the check of the configuration against the
 * settings the plugins declare. Closing it unloads the plugins.
 */
public final class LoadedOperators implements AutoCloseable {

  private final OperatorRegistry registry;
  private final PluginHost plugins;

  private LoadedOperators(OperatorRegistry registry, PluginHost plugins) {
    this.registry = registry;
    this.plugins = plugins;
  }

  /**
   * Loads the built-in operators and the plugins.
   *
   * @param shimsFolder where the plugins' Python shims are unpacked (the daemon's lives in the home; one-off checks
   *     use a temporary folder so that they never rewrite a running daemon's)
   * @param crossDagRuns what the cross-DAG operators ask of other DAGs' runs (asked for when a task runs)
   */
  public static LoadedOperators load(AloftConfig config, Path shimsFolder, Supplier<CrossDagRuns> crossDagRuns) {
    BundledPlugins.stage(config);
    OperatorRegistry registry = new OperatorRegistry();
    registry.register("builtin", new BuiltinOperators(crossDagRuns).operators());
    PluginHost plugins = PluginHost.load(config.pluginsFolder(), shimsFolder, registry);
    try {
      // Settings no loaded part declares, or plugin settings of the wrong type, stop here, once per process.
      config.checkPluginSettings(plugins.settings());
    } catch (RuntimeException e) {
      plugins.close();
      throw e;
    }
    return new LoadedOperators(registry, plugins);
  }

  public OperatorRegistry registry() {
    return registry;
  }

  public PluginHost plugins() {
    return plugins;
  }

  @Override
  public void close() {
    plugins.close();
  }
}
