package io.aloft.runtime.plugins;

import io.aloft.sdk.SettingSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin the daemon loaded, as {@code ./aloft plugins list -o json} shows it.
 *
 * @param operators the descriptor names it registered
 * @param pythonPaths the Python import paths those operators answer to
 * @param pythonShimFolders the folders of its Python shim, added to the DAG-file Python path
 * @param settings the settings its operators read, as its providers declare them
 */
public record PluginInfo(
    String id,
    String version,
    String requires,
    String provider,
    String description,
    Path path,
    List<String> operators,
    List<String> pythonPaths,
    List<Path> pythonShimFolders,
    List<SettingSpec> settings) {

  public PluginInfo {
    operators = List.copyOf(operators);
    pythonPaths = List.copyOf(pythonPaths);
    pythonShimFolders = List.copyOf(pythonShimFolders);
    settings = List.copyOf(settings);
  }
}
