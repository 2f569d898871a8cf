package io.aloft.runtime.worker;

import io.aloft.runtime.store.StoreOutage;
import io.aloft.runtime.store.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a scheduler process's own heartbeats (when its scheduler loop and its triggerer last passed) into the
 * {@code component_heartbeat} table every few seconds, so that {@code /health} of a web server in another process
 * answers for them. It copies the parts' last pass, not the clock: a stuck loop stops beating here too. Thread-safe;
 * runs on its own thread from {@link #start} until {@link #close}.
 */
public final class ComponentHeartbeats implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentHeartbeats.class);
  private static final Duration EVERY = Duration.ofSeconds(5);
  private static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final WorkerStore store;
  private final Clock clock;
  private final String id;
  private final Map<String, Supplier<Optional<Instant>>> parts;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("aloft-component-heartbeats").daemon().factory());

  /**
   * @param id this process (host:pid)
   * @param parts each component's last pass in this process, by component name
   */
  public ComponentHeartbeats(WorkerStore store, Clock clock, String id, Map<String, Supplier<Optional<Instant>>> parts) {
    this.store = store;
    this.clock = clock;
    this.id = id;
    this.parts = Map.copyOf(parts);
  }

  public ComponentHeartbeats start() {
    StoreOutage outage = new StoreOutage(LOG, "the scheduler's heartbeat");
    timer.scheduleWithFixedDelay(() -> {
      try {
        publish();
        outage.recovered();
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          LOG.warn("recording the scheduler's heartbeat failed: {}", e.toString());
        }
      }
    }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Records every part that has passed; forgets the rows of processes gone for a day. */
  public void publish() {
    parts.forEach((component, lastPass) -> lastPass.get().ifPresent(at -> store.beat(component, id, at)));
    store.forgetBeats(clock.instant().minus(FORGET_AFTER));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
