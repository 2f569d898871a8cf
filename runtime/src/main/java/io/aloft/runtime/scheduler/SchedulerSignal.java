package io.aloft.runtime.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * How the rest of a process reaches its scheduler: ask for a pass ({@link #wake}) and see when it last passed
 * ({@link #lastPass}, the heartbeat of {@code /health}). The composition root creates it first and hands it to the
 * {@link SchedulerLoop} (which waits on it) and to whoever wakes the scheduler (the executor when a try ends, the
 * run trigger, the application services), so that none of them is attached to another after construction.
 *
 * <p>While no scheduler loop runs in this process (a CLI command), a wake-up goes to the daemons on the same
 * database instead, as a {@code NOTIFY} that their {@link WakeListener} hears. Thread-safe.
 */
public final class SchedulerSignal {

  private final Semaphore permits = new Semaphore(0);
  private final Runnable notifyOtherProcesses;
  private volatile boolean loopRunning;
  private volatile Instant lastPass;

  /** @param notifyOtherProcesses wakes the schedulers of other processes; called when none runs in this one */
  public SchedulerSignal(Runnable notifyOtherProcesses) {
    this.notifyOtherProcesses = notifyOtherProcesses;
  }

  /** A signal whose wake-ups reach other processes on this database through {@code NOTIFY}. */
  public static SchedulerSignal overDatabase(Jdbi jdbi) {
    return new SchedulerSignal(() -> jdbi.useHandle(h -> h.execute("NOTIFY " + WakeListener.CHANNEL)));
  }

  /** Asks for a pass as soon as possible: of this process's scheduler if it runs, else of the other daemons'. */
  public void wake() {
    if (loopRunning) {
      wakeLocal();
    } else {
      notifyOtherProcesses.run();
    }
  }

  /** When this process's scheduler last finished a pass, or empty when it has not (or none runs here). */
  public Optional<Instant> lastPass() {
    return Optional.ofNullable(lastPass);
  }

  void wakeLocal() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits up to {@code tick} for a wake-up; true when woken rather than timed out. */
  boolean await(Duration tick) throws InterruptedException {
    boolean woken = permits.tryAcquire(tick.toMillis(), TimeUnit.MILLISECONDS);
    permits.drainPermits();
    return woken;
  }

  void loopRunning(boolean running) {
    loopRunning = running;
  }

  void passed(Instant at) {
    lastPass = at;
  }
}
