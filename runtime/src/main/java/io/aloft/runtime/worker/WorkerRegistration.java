package io.aloft.runtime.worker;

import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process that runs tries, as the {@code worker} table shows it: registered when created, a heartbeat (with the
 * slots in use) every {@link #BEAT}, and {@code stopped} on {@link #close} — which the owner calls after its
 * executor has stopped, so that a scheduler never takes a cleanly stopping worker for a lost one. Thread-safe.
 */
public final class WorkerRegistration implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistration.class);
  /** How often a worker heart-beats: well under the smallest sensible {@code worker_timeout}. */
  public static final Duration BEAT = Duration.ofSeconds(3);

  private final WorkerStore store;
  private final Clock clock;
  private final String id;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-worker-heartbeat").daemon().factory());

  /**
   * Registers the worker and starts its heartbeat.
   *
   * @param id the process's hostname as its tries record it ({@code host:pid})
   * @param queues the queues it claims from; empty: every queue
   * @param slotsInUse how many tries it runs now
   */
  public static WorkerRegistration start(WorkerStore store, Clock clock, String id, Optional<Set<String>> queues,
      int concurrency, IntSupplier slotsInUse) {
    int colon = id.lastIndexOf(':');
    store.register(id, colon < 0 ? id : id.substring(0, colon), ProcessHandle.current().pid(), queues, concurrency,
        clock.instant());
    return new WorkerRegistration(store, clock, id, slotsInUse);
  }

  private WorkerRegistration(WorkerStore store, Clock clock, String id, IntSupplier slotsInUse) {
    this.store = store;
    this.clock = clock;
    this.id = id;
    StoreOutage outage = new StoreOutage(LOG, "the worker heartbeat");
    long every = BEAT.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        store.heartbeat(id, slotsInUse.getAsInt(), clock.instant());
        outage.recovered();
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          LOG.warn("the worker heartbeat failed: {}", e.toString());
        }
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  public String id() {
    return id;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      store.stopped(id, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("cannot record that worker {} stopped (a scheduler will take it for lost): {}", id, e.toString());
    }
  }
}
