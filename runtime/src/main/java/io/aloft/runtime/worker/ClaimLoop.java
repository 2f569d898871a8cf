package io.aloft.runtime.worker;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims work in a process without a scheduler ({@code aloft worker}): the scheduler's pass, which claims in a
 * standalone daemon, runs elsewhere. Claims when woken — a scheduler queued tries ({@link WorkNotice}), a try here
 * ended and freed a slot that queued tries wait for — and at least every {@link #POLL}, which bounds the delay when a
 * notice is lost. One platform thread; stopped by {@link #close}.
 *
 * <p>A freed slot claims only while the worker was full: otherwise the last claim took every queued try of its queues
 * and anything queued since came with its own notice. In a chain the try that just ended has no successor queued yet
 * (the scheduler has yet to see the end), so a claim there was an empty transaction on the worker at the moment the
 * scheduler's pass wants the CPU.
 */
public final class ClaimLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);
  static final Duration POLL = Duration.ofSeconds(1);

  private final Runnable claim;
  private final IntSupplier freeSlots;
  private final Duration poll;
  private final Semaphore woken = new Semaphore(0);
  /**
   * Whether queued tries may wait for a slot here: set before each claim (a slot freed during it must claim again)
   * and after it to whether the claim left no free slot.
   */
  private volatile boolean full;
  private volatile boolean running = true;
  private final Thread thread;

  /**
   * @param claim claims what fits in the free slots and starts it (the executor's {@code claimAndStart})
   * @param freeSlots how many more tries this worker can start now (the executor's {@code freeSlots})
   */
  public ClaimLoop(Runnable claim, IntSupplier freeSlots) {
    this(claim, freeSlots, POLL);
  }

  /** @param poll how long to wait for a wake-up before claiming anyway (tests lengthen it to prove the wake-ups) */
  ClaimLoop(Runnable claim, IntSupplier freeSlots, Duration poll) {
    this.claim = claim;
    this.freeSlots = freeSlots;
    this.poll = poll;
    this.thread = Thread.ofPlatform().name("aloft-claim").daemon().start(this::loop);
  }

  /** Asks for a claim as soon as possible (tries were queued); cheap and callable from any thread. */
  public void wake() {
    woken.release();
  }

  /** A try here ended: claims at once if tries may be waiting for its slot. Callable from any thread. */
  public void slotFreed() {
    if (full) {
      wake();
    }
  }

  private void loop() {
    io.aloft.runtime.store.StoreOutage outage = new io.aloft.runtime.store.StoreOutage(LOG, "claiming queued tries");
    while (running) {
      try {
        woken.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
        woken.drainPermits();
        if (running) {
          full = true;
          claim.run();
          full = freeSlots.getAsInt() <= 0;
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
