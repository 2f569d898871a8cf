package io.aloft.runtime.plugins;

import java.nio.file.Path;

/**
 * A plugin the daemon did not load, and why, with what to do. {@code pluginId} is {@code null} when the file
 * could not even be read as a plugin.
 */
public record PluginProblem(String pluginId, Path path, String message) {

  @Override
  public String toString() {
    return message;
  }
}
