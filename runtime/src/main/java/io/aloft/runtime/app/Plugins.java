package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.plugins.PluginInfo;
import io.aloft.runtime.plugins.PluginProblem;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;

/**
 * The operator plugins of this Aloft home, for the commands that need them without a daemon or a database ({@code
 * plugins list}, {@code gpu check}). Each call loads the plugins through {@link LoadedOperators} and unloads them
 * before it returns. Thread-safe.
 */
public final class Plugins {

  /** The plugins that loaded, and those that did not with the reason. */
  public record Listing(List<PluginInfo> loaded, List<PluginProblem> problems) {}

  private final AloftConfig config;

  Plugins(AloftConfig config) {
    this.config = config;
  }

  /** Loads the plugins as the daemon does and says which loaded. */
  public Listing list() {
    try (LoadedOperators operators = load(config.home().resolve("python-shims"))) {
      return new Listing(List.copyOf(operators.plugins().plugins()), List.copyOf(operators.plugins().problems()));
    }
  }

  private LoadedOperators load(Path shims) {
    return LoadedOperators.load(config, shims, () -> io.aloft.runtime.execution.builtin.CrossDagRuns.NONE);
  }

  /** Where the plugins are installed (for messages that tell the user where to put one). */
  public Path folder() {
    return config.pluginsFolder();
  }

}
