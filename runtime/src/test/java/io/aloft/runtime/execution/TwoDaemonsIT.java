package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.ScheduledRuns;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two daemons on one database never run a task twice, and share the work. */
class TwoDaemonsIT {

  @Test
  void everyTaskRunsExactlyOnce() throws Exception {
    try (TestEngine first = new TestEngine()) {
      Stores stores = first.stores;
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("builtin", new BuiltinOperators(io.aloft.runtime.execution.builtin.CrossDagRuns.NONE).operators());
      Clock clock = Clock.systemUTC();
      SchedulerSignal secondSignal = SchedulerSignal.overDatabase(stores.jdbi());
      TaskExecutor secondExecutor =
          new TaskExecutor(stores, registry, TestEngine.noPython(), new TemplateRenderer(clock), first.logs, clock, Map.of(),
              "other:2", 16, secondSignal::wake);
      SchedulerLoop second =
          new SchedulerLoop(stores, clock, secondExecutor, new ScheduledRuns(stores), Duration.ofMillis(50), secondSignal);
      second.start();
      try {
        List<TaskSpec> tasks = new ArrayList<>();
        tasks.add(bash("root", "true"));
        for (int i = 0; i < 30; i++) {
          tasks.add(bash("t" + i, "echo $AIRFLOW_CTX_TASK_ID", "root"));
        }
        first.save(dag("wide", tasks.toArray(TaskSpec[]::new)));
        DagRunRow run = first.run("wide", Map.of(), Duration.ofSeconds(60));
        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        int tries = stores.jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM task_try WHERE dag_id = 'wide' AND run_id = :r").bind("r", run.runId()).mapTo(Integer.class).one());
        assertThat(tries).isEqualTo(31);
        List<String> hosts = stores.jdbi().withHandle(h -> h.createQuery(
            "SELECT DISTINCT hostname FROM task_try WHERE dag_id = 'wide' AND run_id = :r").bind("r", run.runId()).mapTo(String.class).list());
        assertThat(hosts).isNotEmpty();
        assertThat(stores.taskInstances().listForRun("wide", run.runId())).allSatisfy(t -> assertThat(t.tryNumber()).isEqualTo(1));
      } finally {
        second.close();
        secondExecutor.close();
      }
    }
  }
}
