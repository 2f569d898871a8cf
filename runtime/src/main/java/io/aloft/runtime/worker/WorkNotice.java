package io.aloft.runtime.worker;

import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TiKey;
import org.jdbi.v3.core.Jdbi;

/**
 * The executor a scheduler's loop drives when workers elsewhere run (some of) the tries: after each pass it claims
 * what the local executor serves (nothing in {@code aloft scheduler}) and, while queued tries remain, tells the
 * workers with a {@code NOTIFY} on {@link #CHANNEL} so that they claim at once rather than at their next poll.
 * Not the scheduler's own wake-up channel: a scheduler woken by its own notice would spin while tries wait.
 */
public final class WorkNotice implements SchedulerLoop.Executor {

  /** The channel {@code aloft worker} processes listen on. */
  public static final String CHANNEL = "aloft_work";

  /** Notifies {@link #CHANNEL} only while a queued try waits (delivered when the statement's transaction ends). */
  static final String NOTIFY_IF_QUEUED = "SELECT pg_notify('" + CHANNEL + "', '')"
      + " WHERE EXISTS (SELECT 1 FROM task_instance WHERE state = 'queued')";

  private final SchedulerLoop.Executor local;
  private final Jdbi jdbi;

  public WorkNotice(SchedulerLoop.Executor local, Jdbi jdbi) {
    this.local = local;
    this.jdbi = jdbi;
  }

  @Override
  public int freeSlots() {
    return local.freeSlots();
  }

  @Override
  public void claimAndStart() {
    local.claimAndStart();
    // One round trip rather than a question and then the notice: this sits between the pass and the workers' claim.
    jdbi.useHandle(h -> h.createQuery(NOTIFY_IF_QUEUED).mapToMap().list());
  }

  @Override
  public void kill(TiKey key, String reason) {
    // A try on another worker stops by itself: the pass changed its row, which that worker checks every second.
    local.kill(key, reason);
  }

  @Override
  public void runEnded(DagRunRow run, RunState state, String reason) {
    local.runEnded(run, state, reason);
  }
}
