package io.aloft.graphgrid.docker;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Reads a running GPU session's memory from the GPU probe's per-process readings every {@code interval}, keeps the
 * highest (the session's peak, recorded for the {@code PeakEstimator} when it ends), and hands each reading to a
 * listener (the admission ledger, which wakes waiting preflights when it moves enough).
 *
 * <p>Lifecycle: {@link #start} before the container runs (the first reading is at once), {@link #close} after it
 * ended. One daemon thread per session; {@link #peakMiB} from any thread. A
 * probe that cannot be read (no nvidia-smi) gives no readings, never a failure: the session runs on regardless.
 */
public final class SessionPeakSampler implements AutoCloseable {

  /** Settings key: how often a running session's GPU memory is read (default 2 s). */
  public static final String INTERVAL_SETTING = "gpu_peak_sample_interval";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private final GpuProbe probe;
  private final Supplier<Optional<String>> container;
  private final LongConsumer onReading;
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong readings = new AtomicLong();
  private final ScheduledExecutorService timer;
  private volatile String problem;

  private SessionPeakSampler(GpuProbe probe, Supplier<Optional<String>> container, LongConsumer onReading) {
    this.probe = probe;
    this.container = container;
    this.onReading = onReading;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gpu-peak-sampler");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts sampling the processes of {@code container} (a Docker id, or a simulated session's owner; empty while the
   * container does not exist yet).
   */
  public static SessionPeakSampler start(GpuProbe probe, Supplier<Optional<String>> container, Duration interval,
                                         LongConsumer onReading) {
    SessionPeakSampler s = new SessionPeakSampler(probe, container, onReading);
    long ms = Math.max(50, interval.toMillis());
    s.timer.scheduleWithFixedDelay(s::sample, 0, ms, TimeUnit.MILLISECONDS);
    return s;
  }

  /** Takes one reading now; also what the timer runs. */
  void sample() {
    Optional<String> id = container.get();
    if (id.isEmpty()) {
      return;
    }
    try {
      long used = probe.snapshot().usedByContainer(id.get());
      if (used <= 0) {
        return; // not on the GPU yet, or already gone: says nothing about the peak
      }
      readings.incrementAndGet();
      peak.accumulateAndGet(used, Math::max);
      onReading.accept(used);
    } catch (GpuUnavailableException | RuntimeException e) {
      problem = e.getMessage();
    }
  }

  /** The highest reading so far, 0 when there was none. */
  public long peakMiB() {
    return peak.get();
  }

  /** How many readings showed the session on the GPU. */
  public long readings() {
    return readings.get();
  }

  /** Why the probe could not be read, if it could not. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
