package io.aloft.runtime.plugins;

import io.aloft.sdk.extension.PluginExtension;
import io.aloft.sdk.extension.PluginServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded plugins' background work in a process that runs tasks ({@link PluginExtension#startBackground}): each
 * plugin's is started once, in load order, when the process's executor is built, and stopped at its shutdown in the
 * reverse order. A plugin whose start or stop fails is logged with its id and skipped: the process and the other
 * plugins carry on.
 *
 * <p>Each call runs with the plugin's class loader as the thread's context loader, so threads the plugin starts
 * there inherit it. Lifecycle: {@link #start} once, {@link #close} once; not meant for concurrent use.
 */
public final class PluginBackground implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginBackground.class);

  private record Running(String pluginId, ClassLoader classLoader, AutoCloseable handle) {}

  private final List<Running> running;

  private PluginBackground(List<Running> running) {
    this.running = running;
  }

  /**
   * Starts the background work of every extension in {@code extensions}.
   *
   * @param services the services of one plugin by its id (settings, data directory, its schema, already migrated)
   */
  public static PluginBackground start(List<PluginHost.LoadedExtension> extensions,
                                       Function<String, PluginServices> services) {
    List<Running> running = new ArrayList<>();
    for (PluginHost.LoadedExtension x : extensions) {
      try {
        Optional<AutoCloseable> handle = inLoader(x.classLoader(), () -> x.extension().startBackground(
            services.apply(x.pluginId())));
        if (handle != null && handle.isPresent()) {
          running.add(new Running(x.pluginId(), x.classLoader(), handle.get()));
          LOG.info("Plugin '{}': background work started", x.pluginId());
        }
      } catch (Exception | LinkageError e) {
        LOG.warn("Plugin '{}': its background work did not start ({}); its operators still run", x.pluginId(),
            e.toString(), e);
      }
    }
    return new PluginBackground(List.copyOf(running));
  }

  /** The services a plugin's background work gets: the process's settings and data directory, its own schema. */
  public static Function<String, PluginServices> services(Map<String, String> settings, java.nio.file.Path home,
                                                          Function<String, PluginServices.PluginDatabase> schemas) {
    return id -> new HostServices(id, settings, home, schemas.apply(id));
  }

  /** How many plugins have background work running (for tests and the start log). */
  public int running() {
    return running.size();
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      Running r = running.get(i);
      try {
        inLoader(r.classLoader(), () -> {
          r.handle().close();
          return null;
        });
      } catch (Exception | LinkageError e) {
        LOG.warn("Plugin '{}': stopping its background work failed: {}", r.pluginId(), e.toString());
      }
    }
  }

  private static <T> T inLoader(ClassLoader loader, java.util.concurrent.Callable<T> work) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return work.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
