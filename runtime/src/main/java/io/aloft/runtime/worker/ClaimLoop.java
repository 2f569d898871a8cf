package io.aloft.runtime.worker;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims work in a process without a scheduler ({@code aloft worker}): the scheduler's pass, which claims in a
 * standalone daemon, runs elsewhere. Claims when woken — a scheduler queued tries ({@link WorkNotice}), a try here
 * ended and freed a slot — and at least every {@link #POLL}, which bounds the delay when a notice is lost.
 * One platform thread; stopped by {@link #close}.
 */
public final class ClaimLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);
  static final Duration POLL = Duration.ofSeconds(1);

  private final Runnable claim;
  private final Semaphore woken = new Semaphore(0);
  private volatile boolean running = true;
  private final Thread thread;

  /** @param claim claims what fits in the free slots and starts it (the executor's {@code claimAndStart}) */
  public ClaimLoop(Runnable claim) {
    this.claim = claim;
    this.thread = Thread.ofPlatform().name("aloft-claim").daemon().start(this::loop);
  }

  /** Asks for a claim as soon as possible; cheap and callable from any thread. */
  public void wake() {
    woken.release();
  }

  private void loop() {
    io.aloft.runtime.store.StoreOutage outage = new io.aloft.runtime.store.StoreOutage(LOG, "claiming queued tries");
    while (running) {
      try {
        woken.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
        woken.drainPermits();
        if (running) {
          claim.run();
          outage.recovered();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // PostgreSQL away: the claim fails until it is back (said once); the next round tries again.
        if (!outage.failed(e)) {
          LOG.warn("claiming queued tries failed: {}", e.toString(), e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
