package io.aloft.graphgrid.preflight;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's book of GPU admission: the memory and device each admitted session reserved, the preflights waiting
 * (with what they need and since when, for {@link AdmissionQueue}'s fairness), and a change signal that wakes waiting
 * preflights at once when a session ends, a reservation is released or a session's GPU reading moves by at least
 * {@link #READING_STEP_MIB}.
 *
 * <p>The ledger only remembers and signals; it never admits. Admission stays in the one-slot
 * {@code gpu_preflight_pool}: one preflight decides at a time, over the task instances of the metadata database, so
 * two daemons sharing a database never admit past the GPU's memory. What is daemon-local is what the database does
 * not hold: reservations (after a restart an unknown session counts with {@link MemoryEstimates#FALLBACK_MIB}, the
 * conservative side) and the waiting queue (each daemon orders its own waiters). Thread-safe; one per daemon
 * ({@link #shared()}), or one per simulation.
 */
public final class AdmissionLedger {

  /** A change in a session's GPU reading this large wakes waiting preflights. */
  public static final long READING_STEP_MIB = 512;
  /** A waiter not seen for this long (its run was deleted, its daemon stopped poking) leaves the queue. */
  static final Duration STALE = Duration.ofMinutes(10);

  private static final AdmissionLedger SHARED = new AdmissionLedger();

  /** One admitted session's reservation. */
  public record Reserved(long mib, OptionalInt device) {}

  private record Waiter(AdmissionQueue.Waiting waiting, Instant lastSeen) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Reserved> reserved = new LinkedHashMap<>();
  private final Map<String, Waiter> waiting = new LinkedHashMap<>();
  private final Map<String, Long> lastSignalledReading = new LinkedHashMap<>();
  private long generation;

  /** The daemon-wide ledger. */
  public static AdmissionLedger shared() {
    return SHARED;
  }

  private static String key(String dagId, String runId) {
    return dagId + "\u0000" + runId;
  }

  /** Records an admission (or a raised reservation after an out-of-memory retry); the run stops waiting. */
  public void record(String dagId, String runId, long mib, OptionalInt device) {
    lock.lock();
    try {
      reserved.put(key(dagId, runId), new Reserved(mib, device));
      waiting.remove(key(dagId, runId));
    } finally {
      lock.unlock();
    }
  }

  public OptionalLong declared(String dagId, String runId) {
    Reserved r = reserved(dagId, runId);
    return r == null ? OptionalLong.empty() : OptionalLong.of(r.mib());
  }

  public OptionalInt device(String dagId, String runId) {
    Reserved r = reserved(dagId, runId);
    return r == null ? OptionalInt.empty() : r.device();
  }

  private Reserved reserved(String dagId, String runId) {
    lock.lock();
    try {
      return reserved.get(key(dagId, runId));
    } finally {
      lock.unlock();
    }
  }

  /** Drops a run's reservation and place in the queue, and wakes the waiters: its memory is free. */
  public void forget(String dagId, String runId) {
    lock.lock();
    try {
      boolean had = reserved.remove(key(dagId, runId)) != null | waiting.remove(key(dagId, runId)) != null;
      lastSignalledReading.remove(key(dagId, runId));
      if (had) {
        signalLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts this run's preflight in the waiting queue needing {@code mib} (or refreshes it: a raised need is kept,
   * the place is not lost) and returns since when it waits: its wait limit and its fairness count from there.
   */
  public Instant waitingSince(String dagId, String runId, long mib, Instant now) {
    lock.lock();
    try {
      String k = key(dagId, runId);
      Waiter w = waiting.get(k);
      Instant since = w == null ? now : w.waiting().since();
      waiting.put(k, new Waiter(new AdmissionQueue.Waiting(k, mib, since), now));
      return since;
    } finally {
      lock.unlock();
    }
  }

  /** The waiting preflights, oldest first, without those not seen for {@link #STALE}. */
  public List<AdmissionQueue.Waiting> waiting(Instant now) {
    lock.lock();
    try {
      waiting.values().removeIf(w -> w.lastSeen().plus(STALE).isBefore(now));
      return waiting.values().stream().map(Waiter::waiting)
          .sorted(Comparator.comparing(AdmissionQueue.Waiting::since)).toList();
    } finally {
      lock.unlock();
    }
  }

  /** The id {@link #waiting} gives this run. */
  public static String waitingId(String dagId, String runId) {
    return key(dagId, runId);
  }

  /** Counts changes; take it before reading the GPU, then {@link #awaitChange} from it. */
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Something that may let a waiter in happened (a session ended, memory was released). */
  public void signal() {
    lock.lock();
    try {
      signalLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A new GPU reading of a running session; wakes the waiters when it moved by {@link #READING_STEP_MIB} or more
   * since the last time it did.
   *
   * @return whether it signalled
   */
  public boolean observe(String dagId, String runId, long mib) {
    lock.lock();
    try {
      Long last = lastSignalledReading.put(key(dagId, runId), mib);
      if (last != null && Math.abs(mib - last) < READING_STEP_MIB) {
        lastSignalledReading.put(key(dagId, runId), last);
        return false;
      }
      signalLocked();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the generation moves past {@code seen} or {@code max} passes.
   *
   * @return whether something changed
   */
  public boolean awaitChange(long seen, Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (generation == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void signalLocked() {
    generation++;
    changed.signalAll();
  }
}
