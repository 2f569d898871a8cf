package io.aloft.graphgrid.peaks;

import io.aloft.graphgrid.docker.Homes;
import io.aloft.graphgrid.gpu.GpuNodes;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The peak history a task uses. With the plugin's tables (any try in a daemon or worker) it is
 * {@link DatabasePeakSamples}, one history for every machine on the metadata database, real and simulated GPUs
 * apart; the first time a process opens it, this machine's former {@code <home>/graphgrid/gpu-peaks.json} is
 * imported (idempotent), so no learned peak is lost. Without them (unit tests, a context without database) it is
 * the file under the home ({@link FilePeakSamples}) on a real GPU, or one in-memory history per daemon on the
 * simulated GPU (simulated peaks must not teach the estimates of a real GPU). Stateless apart from the set of files
 * already imported by this process; thread-safe.
 */
public final class PeakStores {

  private static final PeakSamples SIMULATED = new InMemoryPeakSamples();
  /** Files this process imported (or found empty): each is read once per process. */
  private static final Set<String> IMPORTED = ConcurrentHashMap.newKeySet();

  private PeakStores() {}

  /** The history without a plugin database: the file under the home, or the daemon's simulated one. */
  public static PeakSamples fromSettings(Map<String, String> settings) {
    return GpuProbes.simulated(settings) ? SIMULATED : FilePeakSamples.fromSettings(settings);
  }

  /** A task's history: the shared table when the task has the plugin's database, else {@link #fromSettings}. */
  public static PeakSamples of(TaskContext ctx) {
    Optional<PluginDatabase> db;
    try {
      db = Optional.of(ctx.pluginDatabase());
    } catch (UnsupportedOperationException e) {
      db = Optional.empty();
    }
    return db.isPresent()
        ? shared(db.get(), ctx.settings(), line -> ctx.log().info(line), line -> ctx.log().warn(line))
        : fromSettings(ctx.settings());
  }

  /**
   * The shared history in the plugin's table, after importing this machine's {@code gpu-peaks.json} when the
   * settings name a home and this process has not imported it yet. An unreadable file does not stop the task: the
   * table is used without it, {@code warn} says how to fix it, and the next task tries again.
   */
  public static DatabasePeakSamples shared(PluginDatabase db, Map<String, String> settings, Consumer<String> info,
                                           Consumer<String> warn) {
    boolean simulated = GpuProbes.simulated(settings);
    String node = GpuNodes.local(settings);
    DatabasePeakSamples store = new DatabasePeakSamples(db,
        simulated ? DatabasePeakSamples.Gpu.SIMULATED : DatabasePeakSamples.Gpu.REAL, node);
    String home = settings.get("home");
    // The file only ever held real GPUs' peaks (simulated ones were kept in memory).
    if (!simulated && home != null && !home.isBlank()) {
      Path file = Homes.home(settings).resolve(FilePeakSamples.FILE).normalize();
      String key = file.toString();
      if (!IMPORTED.contains(key)) {
        try {
          int added = store.importAll(FilePeakSamples.read(file), "import " + node + ":" + file);
          IMPORTED.add(key);
          if (added > 0) {
            info.accept("imported " + added + " GPU peak sample(s) from " + file + " into the shared table gpu_peak"
                + " (the file is kept, and no longer written while the plugin's database is there)");
          }
        } catch (RuntimeException e) {
          warn.accept("GPU peaks in " + file + " were not imported: " + e.getMessage());
        }
      }
    }
    return store;
  }
}
