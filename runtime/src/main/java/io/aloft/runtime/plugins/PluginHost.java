package io.aloft.runtime.plugins;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.SdkVersion;
import io.aloft.sdk.SettingSpec;
import io.aloft.sdk.extension.PluginExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginAlreadyLoadedException;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads operator plugins at start: every PF4J plugin (a jar with {@code Plugin-*} manifest entries, or a zip
 * with {@code plugin.properties} and {@code lib/}) in the plugins folder. For each plugin it checks that its
 * {@code Plugin-Requires} accepts this SDK ({@link SdkVersion#CURRENT}), registers its operators in the
 * {@link OperatorRegistry} (refusing a plugin whose operator names or Python paths another already claimed),
 * and copies its Python shim to a folder for the DAG-file Python path.
 *
 * <p>A plugin that cannot be used is left out with a {@link PluginProblem} that names it and says what to do,
 * logged at start; the daemon starts without it. Plugins load in file-name order, so which of two clashing
 * plugins wins does not depend on the file system.
 *
 * <p>Lifecycle: {@link #load} once at start, after the built-in operators are registered; {@link #close} at
 * shutdown. The lists it returns are immutable.
 *
 * <pre>{@code
 * OperatorRegistry registry = new OperatorRegistry();
 * registry.register("builtin", builtins);
 * PluginHost plugins = PluginHost.load(config.pluginsFolder(), config.home().resolve("python-shims"), registry);
 * pythonPath.addAll(plugins.pythonShimFolders());
 * }</pre>
 */
public final class PluginHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

  private final DefaultPluginManager manager;
  private final List<PluginInfo> plugins;
  private final List<PluginProblem> problems;
  private final List<LoadedExtension> extensions;

  private PluginHost(
      DefaultPluginManager manager, List<PluginInfo> plugins, List<PluginProblem> problems,
      List<LoadedExtension> extensions) {
    this.manager = manager;
    this.plugins = List.copyOf(plugins);
    this.problems = List.copyOf(problems);
    this.extensions = List.copyOf(extensions);
  }

  /** A loaded plugin's {@link PluginExtension}, with the class loader its migrations are read through. */
  public record LoadedExtension(String pluginId, ClassLoader classLoader, PluginExtension extension) {}

  /** The routes, pages, commands and migrations the loaded plugins bring, in load order. */
  public List<LoadedExtension> extensions() {
    return extensions;
  }

  /**
   * Loads every plugin in {@code pluginsFolder} (a missing folder means no plugins) into {@code registry}.
   *
   * @param shimFolder where Python shims are copied, one sub-folder per plugin; emptied of old plugins' shims
   */
  public static PluginHost load(Path pluginsFolder, Path shimFolder, OperatorRegistry registry) {
    return load(pluginsFolder, List.of(), shimFolder, registry);
  }

  /**
   * Loads the plugins in {@code pluginsFolder}, then the plugin files in {@code bundled} (for example the
   * zips built in this repository, {@link #builtPlugins}). A plugin id already loaded from the folder wins
   * over a bundled one, so a user can install a newer build of a bundled plugin.
   */
  public static PluginHost load(Path pluginsFolder, List<Path> bundled, Path shimFolder, OperatorRegistry registry) {
    boolean folder = Files.isDirectory(pluginsFolder);
    if (!folder) {
      LOG.info("No plugins folder at {}", pluginsFolder);
    }
    HostPluginManager manager = new HostPluginManager(pluginsFolder);
    Loader loader = new Loader(manager, pluginsFolder, shimFolder, registry);
    List<Path> candidates = new ArrayList<>();
    if (folder) {
      try {
        candidates.addAll(manager.candidatePaths());
      } catch (RuntimeException e) {
        loader.problem(null, pluginsFolder, "cannot list the plugins in " + pluginsFolder + ": " + e.getMessage());
      }
      candidates.sort(Comparator.comparing(p -> p.getFileName().toString()));
    }
    // All files first, then dependencies are resolved once, so a plugin may depend on one whose file sorts later.
    for (Path candidate : candidates) {
      loader.read(candidate, false);
    }
    for (Path file : bundled) {
      loader.read(file, true);
    }
    loader.resolve();
    for (PluginWrapper wrapper : List.copyOf(manager.getResolvedPlugins())) {
      loader.start(wrapper);
    }
    List<String> loadedIds = loader.loaded.stream().map(PluginInfo::id).toList();
    loader.extensions.removeIf(x -> !loadedIds.contains(x.pluginId())); // refused after its extensions were read
    PluginHost host = new PluginHost(manager, loader.loaded, loader.problems, loader.extensions);
    host.plugins.forEach(p -> LOG.info("Loaded plugin '{}' {} from {}: operators {}", p.id(), p.version(), p.path(), p.operators()));
    return host;
  }

  /**
   * The plugin zips built in a checkout ({@code plugins/<name>/target/*-plugin.zip}), for
   * {@code ./aloft standalone}; empty when nothing was built.
   */
  public static List<Path> builtPlugins(Path repositoryPluginsFolder) {
    if (!Files.isDirectory(repositoryPluginsFolder)) {
      return List.of();
    }
    try (Stream<Path> modules = Files.list(repositoryPluginsFolder)) {
      List<Path> zips = new ArrayList<>();
      for (Path target : (Iterable<Path>) modules.map(m -> m.resolve("target")).filter(Files::isDirectory).sorted()::iterator) {
        try (Stream<Path> files = Files.list(target)) {
          files.filter(f -> f.getFileName().toString().endsWith("-plugin.zip")).sorted().forEach(zips::add);
        }
      }
      return List.copyOf(zips);
    } catch (IOException e) {
      LOG.warn("Cannot list built plugins in {}: {}", repositoryPluginsFolder, e.getMessage());
      return List.of();
    }
  }

  /** The plugins loaded, in load order. */
  public List<PluginInfo> plugins() {
    return plugins;
  }

  /** The plugins left out, and why. */
  public List<PluginProblem> problems() {
    return problems;
  }

  /** Every loaded plugin's Python shim folder, to add to the Python path of DAG-file contexts. */
  public List<Path> pythonShimFolders() {
    return plugins.stream().flatMap(p -> p.pythonShimFolders().stream()).toList();
  }

  /** The settings every loaded plugin declares, to check the configuration against and to list. */
  public List<SettingSpec> settings() {
    return plugins.stream().flatMap(p -> p.settings().stream()).toList();
  }

  public Optional<PluginInfo> plugin(String id) {
    return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.stopPlugins();
    }
  }

  /** PF4J's manager, opened up to list the candidate files itself so that each failure can be reported. */
  private static final class HostPluginManager extends DefaultPluginManager {
    HostPluginManager(Path folder) {
      super(folder);
      // A plugin whose dependencies are missing is left out; the others still load.
      setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    List<Path> candidatePaths() {
      // <plugins>/jdbc/ holds JDBC driver jars for the SQL operators (execution.builtin.JdbcDrivers), not a plugin.
      return pluginRepository.getPluginPaths().stream()
          .filter(p -> !(p.getFileName().toString().equals("jdbc") && java.nio.file.Files.isDirectory(p)))
          .toList();
    }

    /** Reads one plugin file without resolving dependencies yet. */
    String read(Path path) {
      // PF4J reports a second plugin with a known id as a bare PluginRuntimeException; tell it apart first.
      String id = getPluginDescriptorFinder().find(path).getPluginId();
      if (getPlugin(id) != null) {
        throw new PluginAlreadyLoadedException(id, path);
      }
      return loadPluginFromPath(path).getPluginId();
    }

    void resolveAll() {
      resolvePlugins();
    }
  }

  /** One pass over the candidates; collects what loaded and what did not. */
  private static final class Loader {
    private final HostPluginManager manager;
    private final Path folder;
    private final Path shimFolder;
    private final OperatorRegistry registry;
    private final List<PluginInfo> loaded = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final List<LoadedExtension> extensions = new ArrayList<>();
    private final Map<String, Path> read = new LinkedHashMap<>();
    private final Map<String, List<String>> dependencies = new LinkedHashMap<>();

    Loader(HostPluginManager manager, Path folder, Path shimFolder, OperatorRegistry registry) {
      this.manager = manager;
      this.folder = folder;
      this.shimFolder = shimFolder;
      this.registry = registry;
    }

    void read(Path path, boolean bundled) {
      String id;
      try {
        id = manager.read(bundled ? FileUtils.expandIfZip(path) : path);
      } catch (PluginAlreadyLoadedException e) {
        String existing = String.valueOf(manager.getPlugin(e.getPluginId()).getPluginPath());
        if (bundled) {
          LOG.info("Plugin '{}' from {} is used instead of the bundled {}", e.getPluginId(), existing, path);
        } else {
          problem(e.getPluginId(), path, "plugin '" + e.getPluginId() + "' in " + path.getFileName() + " is already loaded from "
              + existing + ": remove one of the two from " + folder);
        }
        return;
      } catch (IOException | RuntimeException | LinkageError e) {
        problem(null, path, "plugin file " + path.getFileName() + " could not be loaded (" + rootMessage(e)
            + "): a plugin is a jar with Plugin-Id, Plugin-Version and Plugin-Requires in its manifest, or a zip"
            + " with plugin.properties and lib/*.jar; fix or remove it from " + folder);
        return;
      }
      read.put(id, path);
      dependencies.put(id, manager.getPlugin(id).getDescriptor().getDependencies().stream()
          .map(dep -> dep.getPluginId() + (dep.isOptional() ? " (optional)" : "")).toList());
    }

    void resolve() {
      try {
        manager.resolveAll();
      } catch (RuntimeException e) {
        problem(null, folder, "plugins in " + folder + " could not be resolved (" + rootMessage(e) + ")");
      }
      for (Map.Entry<String, Path> e : read.entrySet()) {
        PluginWrapper w = manager.getPlugin(e.getKey());
        if (w == null || !manager.getResolvedPlugins().contains(w)) {
          problem(e.getKey(), e.getValue(), "plugin '" + e.getKey() + "' (" + e.getValue().getFileName() + ") needs plugins "
              + dependencies.get(e.getKey()) + " in versions that are not all in " + folder
              + ": add them, or remove " + e.getValue().getFileName());
        }
      }
    }

    void start(PluginWrapper wrapper) {
      String id = wrapper.getPluginId();
      Path path = wrapper.getPluginPath();
      PluginDescriptor d = wrapper.getDescriptor();
      String label = "plugin '" + id + "' " + d.getVersion() + " (" + path.getFileName() + ")";
      String requires = d.getRequires() == null || d.getRequires().isBlank() ? "*" : d.getRequires().strip();
      for (PluginDependency dep : d.getDependencies()) {
        if (!dep.isOptional() && loaded.stream().noneMatch(p -> p.id().equals(dep.getPluginId()))) {
          refuse(id, path, label + " needs plugin '" + dep.getPluginId() + "', which was not loaded (see above)");
          return;
        }
      }
      if (!"*".equals(requires) && !sdkSatisfies(requires)) {
        refuse(id, path, label + " requires Aloft SDK " + requires + " but this daemon has SDK " + SdkVersion.CURRENT
            + ": install a build of the plugin for SDK " + SdkVersion.CURRENT);
        return;
      }
      List<OperatorDescriptor> descriptors = new ArrayList<>();
      List<SettingSpec> settings = new ArrayList<>();
      try {
        if (manager.startPlugin(id) != PluginState.STARTED) {
          Throwable failure = wrapper.getFailedException();
          refuse(id, path, label + " failed to start" + (failure == null ? "" : " (" + rootMessage(failure) + ")")
              + ": see the error above; fix or remove it from " + folder);
          return;
        }
        Set<String> declared = manager.getExtensionClassNames(id);
        List<OperatorProvider> providers = manager.getExtensions(OperatorProvider.class, id);
        manager.getExtensions(PluginExtension.class, id)
            .forEach(x -> extensions.add(new LoadedExtension(id, wrapper.getPluginClassLoader(), x)));
        if (providers.isEmpty() && extensions.stream().noneMatch(x -> x.pluginId().equals(id))) {
          refuse(id, path, label + " provides no OperatorProvider"
              + (declared.isEmpty() ? " (no @Extension in META-INF/extensions.idx)" : " (its extensions " + declared + " could not be loaded: a missing dependency?)")
              + ": rebuild it with an @Extension class implementing io.aloft.sdk.OperatorProvider"
              + " or io.aloft.sdk.extension.PluginExtension");
          return;
        }
        for (OperatorProvider provider : providers) {
          descriptors.addAll(provider.operators());
          settings.addAll(provider.settings());
        }
      } catch (RuntimeException | LinkageError e) {
        refuse(id, path, label + " failed while reading its operators (" + rootMessage(e) + "): fix or remove it from " + folder);
        return;
      }
      try {
        registry.registerPlugin(id, descriptors);
      } catch (IllegalArgumentException clash) {
        String clashes = clash.getMessage().substring(clash.getMessage().indexOf(": ") + 2);
        refuse(id, path, label + " not loaded: " + clashes + "; the first claim wins: remove or rebuild " + path.getFileName()
            + " in " + folder);
        return;
      }
      List<Path> shims;
      try {
        shims = extractShims(wrapper, descriptors);
      } catch (IOException e) {
        // The operators are registered; without a shim DAG files cannot import them, which they will report.
        problem(id, path, label + ": its Python shim could not be copied to " + shimFolder + " (" + e.getMessage()
            + "): check that the folder is writable");
        shims = List.of();
      }
      loaded.add(new PluginInfo(id, d.getVersion(), requires, d.getProvider(), d.getPluginDescription(), path,
          descriptors.stream().map(OperatorDescriptor::name).toList(),
          descriptors.stream().flatMap(o -> o.pythonPaths().stream()).toList(),
          shims, settings));
    }

    private boolean sdkSatisfies(String requires) {
      try {
        return manager.getVersionManager().checkVersionConstraint(SdkVersion.CURRENT, requires);
      } catch (RuntimeException badExpression) {
        return false;
      }
    }

    private List<Path> extractShims(PluginWrapper wrapper, List<OperatorDescriptor> descriptors) throws IOException {
      Set<String> roots = new LinkedHashSet<>();
      descriptors.forEach(d -> d.pythonShimRoot().ifPresent(roots::add));
      List<Path> out = new ArrayList<>();
      for (String root : roots) {
        String clean = root.replaceAll("^/+|/+$", "");
        Path target = shimFolder.resolve(wrapper.getPluginId()).resolve(clean.replace('/', '_'));
        out.add(ShimExtractor.extract(wrapper.getPluginClassLoader(), clean, target));
      }
      return out;
    }

    private void refuse(String id, Path path, String message) {
      problem(id, path, message);
      try {
        manager.unloadPlugin(id);
      } catch (RuntimeException ignored) {
        // Left loaded but unused: nothing else refers to it.
      }
    }

    void problem(String id, Path path, String message) {
      LOG.error("Plugin not loaded: {}", message);
      problems.add(new PluginProblem(id, path, message));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
