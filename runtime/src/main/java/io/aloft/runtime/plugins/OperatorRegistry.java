package io.aloft.runtime.plugins;

import io.aloft.sdk.OperatorDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every operator the daemon can run in Java, built-in or from a plugin, by descriptor name and by Python
 * import path. Filled once at start (built-ins first, then plugins), read-only afterwards, so reads need
 * no locking.
 */
public final class OperatorRegistry {

  private final Map<String, Registered> byName = new LinkedHashMap<>();
  private final Map<String, Registered> byPythonPath = new LinkedHashMap<>();

  /**
   * A descriptor and who contributed it.
   *
   * @param source {@code "builtin"}, {@code "plugin 'id'"}, ... for messages
   * @param pluginId the contributing plugin's id, empty for built-in operators
   */
  public record Registered(OperatorDescriptor descriptor, String source, Optional<String> pluginId) {}

  /** Adds a plugin's descriptors, all or nothing; they are known as that plugin's (its database schema, ...). */
  public void registerPlugin(String pluginId, Collection<OperatorDescriptor> descriptors) {
    register("plugin '" + pluginId + "'", Optional.of(pluginId), descriptors);
  }

  /**
   * Adds a provider's descriptors, all or nothing.
   *
   * @throws IllegalArgumentException naming the clash when a name or Python path is already taken
   */
  public void register(String source, Collection<OperatorDescriptor> descriptors) {
    register(source, Optional.empty(), descriptors);
  }

  private synchronized void register(String source, Optional<String> pluginId, Collection<OperatorDescriptor> descriptors) {
    List<String> clashes = new ArrayList<>();
    for (OperatorDescriptor d : descriptors) {
      Registered existing = byName.get(d.name());
      if (existing != null) {
        clashes.add("operator " + d.name() + " is already provided by " + existing.source());
      }
      for (String path : d.pythonPaths()) {
        Registered owner = byPythonPath.get(path);
        if (owner != null) {
          clashes.add("Python path " + path + " is already claimed by " + owner.source());
        }
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + String.join("; ", clashes));
    }
    for (OperatorDescriptor d : descriptors) {
      Registered r = new Registered(d, source, pluginId);
      byName.put(d.name(), r);
      d.pythonPaths().forEach(p -> byPythonPath.put(p, r));
    }
  }

  public Optional<OperatorDescriptor> find(String name) {
    return Optional.ofNullable(byName.get(name)).map(Registered::descriptor);
  }

  /** The plugin that contributed operator {@code name}, if a plugin did. */
  public Optional<String> pluginOf(String name) {
    return Optional.ofNullable(byName.get(name)).flatMap(Registered::pluginId);
  }

  public Optional<Registered> findByPythonPath(String path) {
    return Optional.ofNullable(byPythonPath.get(path));
  }

  public synchronized List<Registered> all() {
    return List.copyOf(byName.values());
  }
}
