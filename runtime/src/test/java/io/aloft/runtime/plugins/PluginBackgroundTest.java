package io.aloft.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.extension.PluginExtension;
import io.aloft.sdk.extension.PluginServices;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginBackgroundTest {

  private final List<String> events = new ArrayList<>();

  /** An extension that records its start (with the services' plugin id and the context loader) and its stop. */
  private PluginExtension recording(String name, ClassLoader expectedLoader, boolean failStart, boolean failStop) {
    return new PluginExtension() {
      @Override
      public Optional<AutoCloseable> startBackground(PluginServices services) {
        events.add("start " + name + " as " + services.pluginId() + " with " + services.settings().get("k")
            + (Thread.currentThread().getContextClassLoader() == expectedLoader ? " in its loader" : " in another loader"));
        if (failStart) {
          throw new IllegalStateException("no GPU driver");
        }
        return Optional.of(() -> {
          events.add("stop " + name);
          if (failStop) {
            throw new IllegalStateException("stuck");
          }
        });
      }
    };
  }

  private static Map<String, PluginServices> servicesOf(String... ids) {
    Map<String, PluginServices> out = new java.util.HashMap<>();
    for (String id : ids) {
      out.put(id, new HostServices(id, Map.of("k", "v"), Path.of("home"), null));
    }
    return out;
  }

  @Test
  void eachPluginStartsInLoadOrderInItsOwnLoaderAndStopsInReverse() {
    ClassLoader a = new URLClassLoader(new URL[0]);
    ClassLoader b = new URLClassLoader(new URL[0]);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    PluginBackground background = PluginBackground.start(List.of(
        new PluginHost.LoadedExtension("a", a, recording("A", a, false, false)),
        new PluginHost.LoadedExtension("quiet", a, new PluginExtension() {}),
        new PluginHost.LoadedExtension("b", b, recording("B", b, false, false))), servicesOf("a", "quiet", "b")::get);

    assertThat(background.running()).as("a plugin without background work adds none").isEqualTo(2);
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    background.close();
    assertThat(events).containsExactly("start A as a with v in its loader", "start B as b with v in its loader",
        "stop B", "stop A");
  }

  @Test
  void aPluginWhoseStartOrStopFailsLeavesTheOthersRunning() {
    ClassLoader loader = getClass().getClassLoader();
    PluginBackground background = PluginBackground.start(List.of(
        new PluginHost.LoadedExtension("a", loader, recording("A", loader, false, false)),
        new PluginHost.LoadedExtension("broken", loader, recording("Broken", loader, true, false)),
        new PluginHost.LoadedExtension("stuck", loader, recording("Stuck", loader, false, true)),
        new PluginHost.LoadedExtension("c", loader, recording("C", loader, false, false))),
        servicesOf("a", "broken", "stuck", "c")::get);

    assertThat(background.running()).isEqualTo(3);
    background.close();
    assertThat(events).containsSubsequence("stop C", "stop Stuck", "stop A").doesNotContain("stop Broken");
  }
}
