package io.aloft.runtime.worker;

import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler's watch over the workers: every few seconds, the workers whose heartbeat is older than {@code timeout}
 * (killed, their machine or network gone) are marked lost and their running tries ended — retried per
 * {@code retries}, or resumed once when their work (a container) outlives the worker — by {@code endTries}. With
 * several schedulers each lost worker is handled by one (the marking is one guarded update). Also forgets workers
 * gone for a day. Thread-safe; runs on its own thread until {@link #close}.
 */
public final class LostWorkers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LostWorkers.class);
  private static final Duration CHECK = Duration.ofSeconds(5);
  private static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final WorkerStore store;
  private final Clock clock;
  private final Duration timeout;
  private final Consumer<String> endTries;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-lost-workers").daemon().factory());

  /** @param endTries ends the running tries of the worker with this id (its tries' hostname) */
  public LostWorkers(WorkerStore store, Clock clock, Duration timeout, Consumer<String> endTries) {
    this.store = store;
    this.clock = clock;
    this.timeout = timeout;
    this.endTries = endTries;
  }

  public LostWorkers start() {
    StoreOutage outage = new StoreOutage(LOG, "the watch over the workers");
    long every = CHECK.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        check();
        outage.recovered();
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          LOG.warn("checking the workers' heartbeats failed: {}", e.toString());
        }
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One check; returns how many workers it found lost. */
  public int check() {
    var lost = store.markLost(clock.instant().minus(timeout));
    for (String id : lost) {
      LOG.warn("worker {} sent no heartbeat for {} s: ending its running tries", id, timeout.toSeconds());
      endTries.accept(id);
    }
    store.forgetGone(clock.instant().minus(FORGET_AFTER));
    return lost.size();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
