package io.aloft.runtime;

import static io.aloft.runtime.QueuedRunFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TriggerStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A triggerer whose lease ran out (another one took its triggers over) must not end what it no longer owns: its late
 * fail or end leaves the new owner's trigger and its deferred instance as they are, while the owner's own report
 * resumes the instance and deletes the trigger.
 */
class TriggerOwnershipIT {

  @Test
  void aLateTriggererLeavesTheNewOwnersTriggerAlone() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = QueuedRunFixture.stores(db);
      QueuedRunFixture.queuedRun(stores, QueuedRunFixture.dag(task("failing", "Plain", 0, null),
          task("ending", "Plain", 0, null)), Instant.now());
      long failing = deferredOwnedBy(stores, "failing", "new:1");
      long ending = deferredOwnedBy(stores, "ending", "new:1");
      TriggerStore triggers = new TriggerStore(stores.jdbi());

      triggers.fail("old:1", Map.of(failing, "the trigger's class is gone"));
      triggers.end("old:1", Map.of(ending, "{\"state\": \"success\", \"xcoms\": {}}"));
      assertThat(stateAndTrigger(stores, "failing")).isEqualTo("deferred " + failing);
      assertThat(stateAndTrigger(stores, "ending")).isEqualTo("deferred " + ending);
      assertThat(triggerCount(stores)).as("the new owner's triggers are kept").isEqualTo(2);

      triggers.fail("new:1", Map.of(failing, "the trigger's class is gone"));
      triggers.end("new:1", Map.of(ending, "{\"state\": \"success\", \"xcoms\": {}}"));
      assertThat(stateAndTrigger(stores, "failing")).isEqualTo("scheduled null");
      assertThat(stateAndTrigger(stores, "ending")).isEqualTo("scheduled null");
      String resume = stores.jdbi().withHandle(h -> h.createQuery("SELECT next_method || ' ' || CAST(next_kwargs AS text)"
          + " FROM task_instance WHERE task_id = 'failing'").mapTo(String.class).one());
      assertThat(resume)
          .isEqualTo(TriggerStore.FAIL_METHOD + " {\"error\": \"the trigger's class is gone\"}");
      assertThat(triggerCount(stores)).isZero();
    }
  }

  /** The instance deferred on a new trigger that {@code owner} holds under a live lease; answers the trigger's id. */
  private static long deferredOwnedBy(Stores stores, String taskId, String owner) {
    return stores.jdbi().withHandle(h -> {
      long id = h.createQuery("INSERT INTO trigger (classpath, kwargs, created_date, triggerer_id, lease_until)"
              + " VALUES ('t.T', '{}'::jsonb, now(), :o, now() + interval '1 hour') RETURNING id")
          .bind("o", owner).mapTo(Long.class).one();
      h.createUpdate("UPDATE task_instance SET state = 'deferred', trigger_id = :id WHERE task_id = :t")
          .bind("id", id).bind("t", taskId).execute();
      return id;
    });
  }

  private static String stateAndTrigger(Stores stores, String taskId) {
    return stores.jdbi().withHandle(h -> h.createQuery("SELECT state || ' ' || COALESCE(CAST(trigger_id AS text), 'null')"
        + " FROM task_instance WHERE task_id = :t").bind("t", taskId).mapTo(String.class).one());
  }

  private static int triggerCount(Stores stores) {
    return stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM trigger").mapTo(Integer.class).one());
  }
}
