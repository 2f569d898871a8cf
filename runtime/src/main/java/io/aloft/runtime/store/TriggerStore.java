package io.aloft.runtime.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Deferred task instances and their triggers (Airflow's {@code trigger} table and the instance's {@code
 * trigger_id}, {@code next_method}, {@code next_kwargs}, {@code trigger_timeout}). A deferral writes the trigger
 * and the instance's {@code deferred} state in the try's end transaction; a triggerer claims triggers with {@code
 * SKIP LOCKED} under a lease it renews; firing moves the instance back to {@code scheduled} and deletes the
 * trigger in one transaction guarded by the owner, so one trigger fires once even with several daemons.
 * Stateless and thread-safe; not in {@link Stores} (it needs only the JDBI).
 */
public final class TriggerStore {

  /** What Airflow's scheduler writes into {@code next_kwargs} for a deferral that timed out. */
  public static final String FAIL_METHOD = "__fail__";
  /**
   * The resume method of an instance whose trigger ended it ({@code end_from_trigger}: Airflow 2.10's {@code
   * TaskSuccessEvent} and its siblings); its {@code next_kwargs} are {@code {"state": ..., "xcoms": {...}}}.
   */
  public static final String END_METHOD = "__end__";
  public static final String TIMEOUT_ERROR = "Trigger timeout";

  private static final String WHERE_KEY = " WHERE dag_id = :d AND run_id = :r AND task_id = :t AND map_index = :m";

  /** A trigger a triggerer watches: its classpath and its keyword arguments as JSON. */
  public record Claimed(long id, String classpath, String kwargsJson) {}

  /** The deferred task a trigger resumes, and its DAG's file (where a Python trigger's class is defined or imported). */
  public record Origin(String dagId, String taskId, String fileloc) {}

  /** Where a resumed try continues: the method and its keyword arguments as JSON (the event under "event"). */
  public record Resume(String method, String kwargsJson) {}

  private final Jdbi jdbi;

  public TriggerStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Ends a running try as deferred: inserts its trigger and points the instance at it, keeping the try number for
   * the resumed try. False (and nothing written) when this try no longer runs (the run was stopped or cleared).
   */
  public boolean defer(Handle h, TiKey k, int tryNumber, String classpath, String kwargsJson, String nextMethod,
      String nextKwargsJson, Instant timeout, Instant now) {
    long id = h.createQuery("INSERT INTO trigger (classpath, kwargs, created_date) VALUES (:c, CAST(:k AS jsonb), :n)"
            + " RETURNING id")
        .bind("c", classpath).bind("k", kwargsJson).bind("n", now).mapTo(Long.class).one();
    int n = bind(h.createUpdate("UPDATE task_instance SET state = 'deferred', trigger_id = :id, next_method = :nm,"
                + " next_kwargs = CAST(:nk AS jsonb), trigger_timeout = :to, resume_try = TRUE, hostname = NULL,"
                + " end_date = NULL, duration = NULL, note = NULL"
                + WHERE_KEY + " AND state = 'running' AND try_number = :try"), k)
        .bind("id", id).bind("nm", nextMethod).bind("nk", nextKwargsJson).bind("to", timeout).bind("try", tryNumber)
        .execute();
    if (n == 0) {
      h.createUpdate("DELETE FROM trigger WHERE id = :id").bind("id", id).execute();
      return false;
    }
    bind(h.createUpdate("UPDATE task_try SET state = 'deferred'" + WHERE_KEY + " AND try_number = :try"), k)
        .bind("try", tryNumber).execute();
    return true;
  }

  /** The method a resumed try calls, when its instance was deferred and its trigger fired (or timed out). */
  public Optional<Resume> resumeOf(TiKey k) {
    return jdbi.withHandle(h -> bind(h.createQuery("SELECT next_method, CAST(next_kwargs AS text) FROM task_instance"
            + WHERE_KEY + " AND next_method IS NOT NULL"), k)
        .map((rs, ctx) -> new Resume(rs.getString(1), rs.getString(2) == null ? "{}" : rs.getString(2)))
        .findOne());
  }

  /**
   * Claims up to {@code limit} triggers nobody watches (or whose watcher's lease ran out, a daemon gone) for {@code
   * triggererId} until {@code now + lease}; triggers already this triggerer's are returned again on the first call
   * after a restart, since {@code known} is then empty.
   */
  public List<Claimed> claim(String triggererId, Set<Long> known, Instant now, Duration lease, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return jdbi.inTransaction(h -> {
      var q = h.createQuery(
            "UPDATE trigger t SET triggerer_id = :me, lease_until = :until FROM (SELECT id FROM trigger"
                + " WHERE (triggerer_id IS NULL OR lease_until < :n OR triggerer_id = :me)"
                + (known.isEmpty() ? "" : " AND NOT (id = ANY(:known))")
                + " ORDER BY id LIMIT :l FOR UPDATE SKIP LOCKED) c WHERE t.id = c.id"
                + " RETURNING t.id, t.classpath, CAST(t.kwargs AS text)")
        .bind("me", triggererId).bind("until", now.plus(lease)).bind("n", now).bind("l", limit);
      if (!known.isEmpty()) {
        q.bind("known", known.toArray(Long[]::new));
      }
      return q.map((rs, ctx) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    });
  }

  /** Extends this triggerer's lease on its triggers; answers the ids it still owns (fired or cleared ones are gone). */
  public Set<Long> renew(String triggererId, Instant now, Duration lease) {
    return jdbi.withHandle(h -> h.createQuery("UPDATE trigger SET lease_until = :until WHERE triggerer_id = :me RETURNING id")
        .bind("until", now.plus(lease)).bind("me", triggererId).mapTo(Long.class).collectIntoSet());
  }

  /** Hands this triggerer's triggers back (a clean stop): another daemon, or this one restarted, takes them at once. */
  public void release(String triggererId) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE trigger SET triggerer_id = NULL, lease_until = NULL WHERE triggerer_id = :me")
        .bind("me", triggererId).execute());
  }

  /**
   * Fires triggers this triggerer owns: each one's deferred instance goes back to {@code scheduled} with the event
   * added to its {@code next_kwargs}, and the trigger is deleted. A trigger another triggerer took over meanwhile
   * (this one's lease ran out) is left alone. Answers how many instances were resumed.
   *
   * @param events the event's JSON by trigger id
   */
  public int fire(String triggererId, Map<Long, String> events, Instant now) {
    if (events.isEmpty()) {
      return 0;
    }
    return jdbi.inTransaction(h -> {
      List<Long> owned = lockOwned(h, events.keySet(), triggererId);
      if (owned.isEmpty()) {
        return 0;
      }
      var batch = h.prepareBatch("UPDATE task_instance SET state = 'scheduled', trigger_id = NULL,"
          + " next_kwargs = COALESCE(next_kwargs, '{}'::jsonb) || jsonb_build_object('event', CAST(:e AS jsonb)),"
          + " trigger_timeout = NULL, note = NULL WHERE trigger_id = :id AND state = 'deferred'");
      for (long id : owned) {
        batch.bind("id", id).bind("e", events.get(id)).add();
      }
      int resumed = 0;
      for (int c : batch.execute()) {
        resumed += c;
      }
      delete(h, owned);
      return resumed;
    });
  }

  /**
   * Of {@code ids}, the triggers {@code triggererId} still owns, locked for the caller's transaction: one that another
   * triggerer took over when this one's lease ran out is not among them, and must not be touched.
   */
  private static List<Long> lockOwned(Handle h, Set<Long> ids, String triggererId) {
    return h.createQuery("SELECT id FROM trigger WHERE id = ANY(:ids) AND triggerer_id = :me FOR UPDATE")
        .bind("ids", ids.toArray(Long[]::new)).bind("me", triggererId).mapTo(Long.class).list();
  }

  /**
   * Fails the instances of triggers that cannot run (their arguments are unreadable): each resumes to fail with
   * TaskDeferralError and the error, as Airflow's triggerer does for a trigger that raised.
   */
  public void fail(String triggererId, Map<Long, String> errors) {
    Map<Long, String> kwargs = new java.util.LinkedHashMap<>();
    // singletonMap, not Map.of: an exception without a message still fails its task (as {"error": null}).
    errors.forEach((id, err) -> kwargs.put(id, Json.write(java.util.Collections.singletonMap("error", err))));
    resumeAndDelete(triggererId, FAIL_METHOD, kwargs);
  }

  /**
   * Ends the instances of triggers that yielded a task-end event (Airflow's {@code BaseTaskEndEvent}): each goes
   * back to {@code scheduled} with {@link #END_METHOD}, and its resumed try ends in the state the event names,
   * pushing the event's XComs, without calling the task's code. Owner-guarded as {@link #fail}.
   *
   * @param ends {@code {"state": "success" | "failed" | "skipped", "xcoms": {...}}} as JSON by trigger id
   */
  public void end(String triggererId, Map<Long, String> ends) {
    resumeAndDelete(triggererId, END_METHOD, ends);
  }

  /**
   * Moves each trigger's deferred instance back to {@code scheduled} to resume in {@code method} with its {@code
   * next_kwargs} JSON, then deletes the triggers, in one transaction. Only the triggers this triggerer still owns
   * (locked first, as {@link #fire} does) are touched: one that another triggerer took over when this one's lease ran
   * out keeps its row, so its instance stays attached to it instead of waiting on a deleted trigger.
   */
  private void resumeAndDelete(String triggererId, String method, Map<Long, String> kwargsJson) {
    if (kwargsJson.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      List<Long> owned = lockOwned(h, kwargsJson.keySet(), triggererId);
      if (owned.isEmpty()) {
        return;
      }
      var batch = h.prepareBatch("UPDATE task_instance SET state = 'scheduled', next_method = :nm,"
          + " next_kwargs = CAST(:nk AS jsonb), trigger_id = NULL, trigger_timeout = NULL"
          + " WHERE trigger_id = :id AND state = 'deferred'");
      for (long id : owned) {
        batch.bind("nm", method).bind("nk", kwargsJson.get(id)).bind("id", id).add();
      }
      batch.execute();
      delete(h, owned);
    });
  }

  /**
   * Airflow's check_trigger_timeouts: deferred instances past their {@code trigger_timeout} go back to {@code
   * scheduled} to fail in their resumed try (TaskDeferralTimeout), their triggers deleted. Safe for several daemons
   * at once: an instance's row lock makes one of them move it. Answers how many instances timed out.
   */
  public int timeOut(Instant now) {
    return jdbi.inTransaction(h -> {
      List<Long> triggers = h.createQuery("UPDATE task_instance SET state = 'scheduled', next_method = :fail,"
              + " next_kwargs = jsonb_build_object('error', CAST(:err AS text)), trigger_id = NULL, trigger_timeout = NULL"
              + " WHERE state = 'deferred' AND trigger_timeout < :n RETURNING trigger_id")
          .bind("fail", FAIL_METHOD).bind("err", TIMEOUT_ERROR).bind("n", now)
          .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getLong(1)).list();
      delete(h, triggers.stream().filter(java.util.Objects::nonNull).toList());
      return triggers.size();
    });
  }

  /**
   * Deletes triggers no deferred instance waits on any more (its task was cleared, marked or its run deleted), as
   * Airflow's Trigger.clean_unused does. A deferral's trigger and its instance commit together, so none is seen early.
   */
  public int deleteUnused() {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM trigger t WHERE NOT EXISTS (SELECT 1 FROM task_instance ti"
        + " WHERE ti.trigger_id = t.id AND ti.state = 'deferred')").execute());
  }

  /**
   * The deferred instance each trigger resumes and its DAG's file, for triggers some deferred instance waits on (one
   * per trigger: a trigger has one instance in Aloft).
   */
  public Map<Long, Origin> origins(Collection<Long> triggerIds) {
    if (triggerIds.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(h -> {
      Map<Long, Origin> out = new java.util.LinkedHashMap<>();
      h.createQuery("SELECT ti.trigger_id, ti.dag_id, ti.task_id, d.fileloc FROM task_instance ti"
              + " JOIN dag d ON d.dag_id = ti.dag_id WHERE ti.trigger_id = ANY(:ids) AND ti.state = 'deferred'")
          .bind("ids", triggerIds.toArray(Long[]::new))
          .map((rs, ctx) -> Map.entry(rs.getLong(1), new Origin(rs.getString(2), rs.getString(3), rs.getString(4))))
          .forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
      return out;
    });
  }

  /**
   * The states of the instances of {@code taskIds} of {@code dagId} (of its runs when {@code taskIds} is empty) at
   * each logical date, as stored (Airflow's names; {@code none} spelled out): what a WorkflowTrigger checks.
   */
  public List<String> statesAt(String dagId, List<String> taskIds, List<Instant> logicalDates) {
    return jdbi.withHandle(h -> {
      List<String> out = new java.util.ArrayList<>();
      for (Instant at : logicalDates) {
        if (taskIds.isEmpty()) {
          out.addAll(h.createQuery("SELECT state FROM dag_run WHERE dag_id = :d AND logical_date = :at")
              .bind("d", dagId).bind("at", at).mapTo(String.class).list());
        } else {
          out.addAll(h.createQuery("SELECT ti.state FROM task_instance ti JOIN dag_run r ON r.dag_id = ti.dag_id"
                  + " AND r.run_id = ti.run_id WHERE r.dag_id = :d AND r.logical_date = :at AND ti.task_id = ANY(:t)")
              .bind("d", dagId).bind("at", at).bind("t", taskIds.toArray(String[]::new)).mapTo(String.class).list());
        }
      }
      return out;
    });
  }

  /**
   * A deferred instance's trigger as the API shows it (Airflow's {@code trigger} and, while a triggerer holds it,
   * {@code triggerer_job}): {@code triggererId} and {@code leaseUntil} are null while no triggerer has claimed it.
   */
  public record Described(String taskId, int mapIndex, long id, String classpath, String kwargsJson,
      Instant createdDate, String triggererId, Instant leaseUntil) {}

  /** The triggers of a run's deferred instances. */
  public List<Described> ofRun(String dagId, String runId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT ti.task_id, ti.map_index, t.id, t.classpath,"
            + " CAST(t.kwargs AS text) AS kwargs, t.created_date, t.triggerer_id, t.lease_until"
            + " FROM task_instance ti JOIN trigger t ON t.id = ti.trigger_id"
            + " WHERE ti.dag_id = :d AND ti.run_id = :r AND ti.state = 'deferred'")
        .bind("d", dagId).bind("r", runId)
        .map((rs, ctx) -> new Described(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7),
            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
        .list());
  }

  /** How many task instances are deferred now (benchmarks, health). */
  public int countDeferred() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM task_instance WHERE state = 'deferred'")
        .mapTo(Integer.class).one());
  }

  private static void delete(Handle h, Collection<Long> ids) {
    if (!ids.isEmpty()) {
      h.createUpdate("DELETE FROM trigger WHERE id = ANY(:ids)").bind("ids", ids.toArray(Long[]::new)).execute();
    }
  }

  private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S s, TiKey k) {
    return s.bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex());
  }

}
