package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this machine's GPU reading fresh in {@code gpu_node}: from the first GraphGrid GPU task a process runs
 * (preflight or training), one daemon thread per node re-reads the local GPU every {@value #INTERVAL_SETTING}
 * (default 30 s) and records it, so that a preflight on another machine sees this node's room even while nothing
 * of GraphGrid runs here. A process that never ran a GraphGrid GPU task publishes nothing (no plugin hook runs at a
 * worker's start); its node is then unknown to remote preflights, which is safe: the training task still confirms
 * room on its own node before its container starts ({@link NodeAdmission#confirm}).
 *
 * <p>Thread-safe. The thread lives as long as the process; read or write failures are logged once per kind and
 * retried at the next interval (a database outage must not stop the reading for good).
 */
public final class NodePublisher {

  /** Settings key of how often a node's reading is refreshed. */
  public static final String INTERVAL_SETTING = "gpu_node_publish_interval";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(NodePublisher.class);
  private static final Map<String, Thread> RUNNING = new ConcurrentHashMap<>();

  private NodePublisher() {}

  /** Starts this node's publisher unless one runs in this process already. */
  public static void ensure(PluginDatabase db, String node, GpuProbe probe, Map<String, String> settings, Clock clock) {
    Duration every = PreflightWaitPolicy.duration(settings, INTERVAL_SETTING, DEFAULT_INTERVAL);
    RUNNING.computeIfAbsent(node, n -> Thread.ofPlatform().daemon().name("aloft-gpu-node-" + n).start(() -> {
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
