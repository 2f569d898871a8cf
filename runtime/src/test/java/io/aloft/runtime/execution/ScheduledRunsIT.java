package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.scheduler.ScheduledRuns;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's idle pass: a DAG whose next automated run is not due yet is not looked at again (no
 * transaction, no per-DAG query) until it is; then its run is created as before.
 */
class ScheduledRunsIT {

  // Far in the future, so that the engine's own scheduler (on the real clock) never finds these runs due.
  private static final Instant START = Instant.parse("2100-01-01T00:00:00Z");

  @Test
  void aDagIsLookedAtAgainWhenItsNextRunIsDue() throws Exception {
    try (TestEngine engine = new TestEngine()) {
      DagSpec d = dag("hourly", bash("hello", "true"));
      engine.save(new DagSpec(d.specVersion(), d.dagId(), d.fileloc(), null, null,
          new Schedule("timedelta", null, 3600.0, "1:00:00"), START, null, "UTC", true, 16, 16, null, List.of(), null,
          Map.of(), d.tasks(), List.of(), "airflow"));
      ScheduledRuns runs = new ScheduledRuns(engine.stores);
      Instant t = START.plusSeconds(2 * 3600 + 1800); // 02:30: the 00:00 and 01:00 intervals are over

      assertThat(runs.checkDue(t)).as("never looked at").isTrue();
      assertThat(create(engine, runs, t)).isTrue();
      assertThat(engine.stores.runs().list("hourly", 10, 0)).hasSize(2);

      assertThat(runs.checkDue(t.plusSeconds(2))).as("next run only after 03:00").isFalse();
      Instant after = START.plusSeconds(3 * 3600 + 1);
      assertThat(runs.checkDue(after)).isTrue();
      assertThat(create(engine, runs, after)).isTrue();
      assertThat(engine.stores.runs().list("hourly", 10, 0)).hasSize(3);

      engine.stores.dags().setPaused("hourly", true);
      assertThat(runs.checkDue(START.plusSeconds(9 * 3600))).as("paused").isFalse();
      engine.stores.dags().setPaused("hourly", false);
      assertThat(runs.checkDue(START.plusSeconds(9 * 3600 + 2))).as("unpaused, six intervals behind").isTrue();
    }
  }

  private static boolean create(TestEngine engine, ScheduledRuns runs, Instant now) {
    return engine.stores.jdbi().inTransaction(h -> runs.createDueRuns(h, now));
  }
}
