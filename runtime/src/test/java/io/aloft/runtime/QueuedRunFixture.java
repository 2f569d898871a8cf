package io.aloft.runtime;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.ResumableOperator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The common start of the tests of tries that a stopped daemon or a lost worker left behind: run {@code r1} of DAG
 * {@code d}, running, with every instance queued as a scheduler leaves them, ready for the test to claim. Static
 * helpers over the test's own fresh database; nothing is kept between calls.
 */
final class QueuedRunFixture {

  private QueuedRunFixture() {}

  static Stores stores(Database db) {
    return Stores.over(db, 1024, SecretCipher.generate());
  }

  /** "Plain", whose tries cannot be picked up again, and "Container", a {@link ResumableOperator}; both do nothing. */
  static OperatorRegistry plainAndResumable() {
    OperatorRegistry registry = new OperatorRegistry();
    registry.register("test", List.of(
        OperatorDescriptor.builder("Plain").factory(args -> ctx -> null).build(),
        OperatorDescriptor.builder("Container").factory(args -> (ResumableOperator) ctx -> null).build()));
    return registry;
  }

  /** A task that retries at once; {@code queue} null for the default queue. */
  static TaskSpec task(String id, String operator, int retries, String queue) {
    return TaskSpec.builder(id, operator).retries(retries).retryDelaySeconds(0).queue(queue).build();
  }

  /** DAG {@code d} with these tasks and no schedule. */
  static DagSpec dag(TaskSpec... tasks) {
    return new DagSpec(DagSpec.CURRENT_VERSION, "d", "/d.py", null, null, Schedule.none(), null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(tasks), List.of(), "airflow");
  }

  /** Saves {@code spec} and creates its run {@code r1}, running, with every instance queued. */
  static DagRunRow queuedRun(Stores stores, DagSpec spec, Instant now) {
    String hash = stores.dags().saveParsed(spec, false, now);
    DagRunRow run = stores.runs().create(new NewDagRun("d", "r1", hash, "manual", now, now, now, Map.of(), true), spec,
        Map.of(), now);
    stores.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'running'"));
    stores.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'queued', queued_dttm = now()"));
    return run;
  }
}
