package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.GraphGridExtension;
import io.aloft.graphgrid.PluginSchemaDatabase;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.extension.PluginServices;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A GPU node's reading is in {@code gpu_node} as soon as a process that runs tasks starts there (the plugin's
 * background work, {@link GraphGridExtension#startBackground}), before any GraphGrid task ran, is refreshed while the
 * process lives, and stops being refreshed when it shuts down. One simulated GPU node over the plugin's real schema.
 */
class NodeReadingAtStartIT {

  @RegisterExtension
  static final PluginSchemaDatabase db = new PluginSchemaDatabase();

  private static PluginServices services(Map<String, String> settings) {
    PluginServices.PluginDatabase database = new FakeTaskContext(new TaskIdentity("none", "none", "none", -1, 1))
        .withDatabase(db.pluginSchema()).pluginDatabase();
    return new PluginServices() {
      @Override
      public String pluginId() {
        return "graphgrid";
      }

      @Override
      public Map<String, String> settings() {
        return settings;
      }

      @Override
      public Path home() {
        return Path.of("target");
      }

      @Override
      public PluginServices.PluginDatabase database() {
        return database;
      }
    };
  }

  private static Optional<Instant> readAt(String node) throws Exception {
    try (Connection c = db.pluginSchema().getConnection();
         PreparedStatement s = c.prepareStatement("SELECT read_at, probe FROM gpu_node WHERE node = ?")) {
      s.setString(1, node);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  private static boolean publisherRuns(String node) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals("aloft-gpu-node-" + node));
  }

  @Test
  void aGpuNodePublishesItsReadingFromTheStartUntilItsProcessStops() throws Exception {
    String node = "start-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = Map.of("gpu", "simulated", "gpu_simulated", "1x16384", "gpu_node", node,
        "gpu_node_publish_interval", "100ms");

    Optional<AutoCloseable> background = new GraphGridExtension().startBackground(services(settings));

    assertThat(background).as("a node with a readable GPU keeps publishing").isPresent();
    Optional<Instant> first = readAt(node);
    assertThat(first).as("recorded at the start, before any GraphGrid task").isPresent();
    Instant refreshed = first.get();
    for (int i = 0; i < 200 && !refreshed.isAfter(first.get()); i++) {
      Thread.sleep(50);
      refreshed = readAt(node).orElseThrow();
    }
    assertThat(refreshed).as("refreshed every gpu_node_publish_interval").isAfter(first.get());
    assertThat(publisherRuns(node)).isTrue();

    background.get().close();

    assertThat(publisherRuns(node)).as("stopped at shutdown").isFalse();
  }

  @Test
  void aTaskLaterInTheSameProcessStartsNoSecondPublisher() throws Exception {
    String node = "once-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = Map.of("gpu", "simulated", "gpu_node", node, "gpu_node_publish_interval", "1d");
    Optional<AutoCloseable> background = new GraphGridExtension().startBackground(services(settings));
    Thread running = NodePublisher.ensure(services(settings).database(), node,
        io.aloft.graphgrid.gpu.GpuProbes.fromSettings(settings), settings, java.time.Clock.systemUTC());
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("aloft-gpu-node-" + node))).containsExactly(running);
    background.orElseThrow().close();
    assertThat(publisherRuns(node)).isFalse();
  }
}
