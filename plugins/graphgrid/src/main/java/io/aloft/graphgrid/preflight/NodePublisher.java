package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuNodes;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this machine's GPU reading fresh in {@code gpu_node}: one daemon thread per node re-reads the local GPU every
 * {@value #INTERVAL_SETTING} (default 30 s) and records it, so that a preflight on another machine sees this node's
 * room even while nothing of GraphGrid runs here. It starts when a process that runs tasks starts ({@link #atStart},
 * the plugin's background work: a GPU node is known before its first GraphGrid task) and, in a process whose GPU
 * could not be read then, from the first GraphGrid GPU task it runs ({@link #ensure}). A node whose GPU cannot be
 * read is unknown to remote preflights, which is safe: the training task still confirms room on its own node before
 * its container starts ({@link NodeAdmission#confirm}).
 *
 * <p>Thread-safe. The thread lives until the process stops (or {@link #atStart}'s handle is closed); read or write
 * failures are logged once per kind and retried at the next interval (a database outage must not stop the reading
 * for good).
 */
public final class NodePublisher {

  /** Settings key of how often a node's reading is refreshed. */
  public static final String INTERVAL_SETTING = "gpu_node_publish_interval";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(NodePublisher.class);
  private static final Map<String, Thread> RUNNING = new ConcurrentHashMap<>();

  private NodePublisher() {}

  /**
   * At the start of a process that runs tasks: records this node's reading now and keeps it fresh. Empty (nothing
   * started, said at info level) when this machine's GPU cannot be read: a machine without a GPU publishes nothing.
   * Closing the handle stops the thread.
   */
  public static Optional<AutoCloseable> atStart(PluginDatabase db, Map<String, String> settings, Clock clock) {
    String node = GpuNodes.local(settings);
    GpuProbe probe = GpuProbes.fromSettings(settings);
    GpuSnapshot first;
    try {
      first = probe.snapshot();
    } catch (GpuUnavailableException | RuntimeException e) {
      LOG.info("node {} publishes no GPU reading (its GPU cannot be read: {}); a GraphGrid GPU task run here tries"
          + " again", node, e.getMessage());
      return Optional.empty();
    }
    if (first.devices().isEmpty()) {
      LOG.info("node {} publishes no GPU reading: {} shows no GPU", node, probe.describe());
      return Optional.empty();
    }
    try {
      publish(db, node, probe, first, clock);
      LOG.info("node {}: GPU reading recorded ({}), refreshed every {}", node, probe.describe(),
          PreflightWaitPolicy.duration(settings, INTERVAL_SETTING, DEFAULT_INTERVAL));
    } catch (RuntimeException e) {
      LOG.warn("the GPU reading of node {} is not recorded yet: {}", node, e.getMessage());
    }
    Thread before = RUNNING.get(node);
    Thread thread = ensure(db, node, probe, settings, clock);
    if (thread == before) {
      return Optional.empty(); // this process publishes the node already (a task started it): that one goes on
    }
    return Optional.of(() -> {
      if (RUNNING.remove(node, thread)) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
      }
    });
  }

  /** Starts this node's publisher unless one runs in this process already; returns the one that runs. */
  public static Thread ensure(PluginDatabase db, String node, GpuProbe probe, Map<String, String> settings, Clock clock) {
    Duration every = PreflightWaitPolicy.duration(settings, INTERVAL_SETTING, DEFAULT_INTERVAL);
    return RUNNING.computeIfAbsent(node, n -> Thread.ofPlatform().daemon().name("aloft-gpu-node-" + n).start(() -> {
      String lastProblem = null;
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(every);
          publish(db, node, probe, probe.snapshot(), clock);
          lastProblem = null;
        } catch (InterruptedException e) {
          return;
        } catch (GpuUnavailableException | RuntimeException e) {
          if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
            LOG.warn("the GPU reading of node {} is not refreshed: {}", node, e.getMessage());
            lastProblem = String.valueOf(e.getMessage());
          }
        }
      }
    }));
  }

  /** Records one reading of {@code node} now. */
  public static void publish(PluginDatabase db, String node, GpuProbe probe, GpuSnapshot snapshot, Clock clock) {
    db.inTransaction(c -> {
      NodeLedger.publish(c, node, probe.describe(), snapshot, clock.instant());
      return null;
    });
  }
}
