package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.ClearRequest;
import io.aloft.runtime.app.ClearRequest.TaskRef;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ExternalTaskMarker on clear, as Airflow's example_external_task_marker_dag uses it: clearing a parent DAG's marker
 * also clears the marked task (and its downstream) in the child DAG's run at the same logical date, following the
 * child's own markers, at most recursion_depth DAGs deep.
 */
class ExternalTaskMarkerIT {

  private static final Actor ALICE = new Actor("alice", "10.0.0.7");
  private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));

  private TestEngine engine;
  private Application app;

  @BeforeEach
  void start() throws Exception {
    engine = new TestEngine();
    AloftConfig config =
        io.aloft.runtime.config.ConfigLoader.load(Map.of("ALOFT_HOME", engine.home.toString(), "ALOFT_PORT", "0"),
            engine.home, engine.home);
    app = Application.over(config, engine.stores, (spec, conf) -> conf, engine.logs, Clock.systemUTC(),
        SchedulerSignal.overDatabase(engine.stores.jdbi()));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private static TaskSpec marker(String id, String dagId, String taskId, int depth, String... upstream) {
    return task(id, "ExternalTaskMarker", Map.of("external_dag_id", dagId, "external_task_id", taskId,
        "execution_date", "{{ logical_date.isoformat() }}", "recursion_depth", depth),
        List.of("external_dag_id", "external_task_id", "execution_date", "logical_date"), upstream);
  }

  private DagRunRow runAt(String dagId) throws InterruptedException {
    DagRunRow r = engine.trigger.trigger(dagId, null, Map.of(), DAY);
    DagRunRow done = engine.await(dagId, r.runId(), Duration.ofSeconds(60));
    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    return done;
  }

  private TaskState state(String dagId, String runId, String taskId) {
    return app.taskInstances().get(new TiKey(dagId, runId, taskId, -1)).orElseThrow().state();
  }

  private static ClearRequest clearWithDownstream(String dagId, String runId, String taskId, boolean dryRun) {
    return new ClearRequest(dagId, List.of(TaskRef.of(taskId)), null, runId, null, null, false, false, false, true,
        false, false, true, dryRun);
  }

  @Test
  void clearingAMarkerClearsTheMarkedTasksInTheChildDagsAtTheSameDateRecursively() throws Exception {
    engine.save(dag("marker_parent", bash("parent_task", "echo parent"),
        marker("mark_child", "marker_child", "child_task1", 10, "parent_task")));
    engine.save(dag("marker_child", bash("child_task1", "echo one"), bash("child_task2", "echo two", "child_task1"),
        marker("mark_grandchild", "marker_grandchild", "grandchild_task", 10, "child_task2")));
    engine.save(dag("marker_grandchild", bash("grandchild_task", "echo grandchild"),
        bash("grandchild_untouched_upstream", "echo up")));
    DagRunRow parent = runAt("marker_parent");
    DagRunRow child = runAt("marker_child");
    DagRunRow grandchild = runAt("marker_grandchild");

    List<TaskInstanceRow> wouldClear =
        app.taskInstances().clear(ALICE, clearWithDownstream("marker_parent", parent.runId(), "parent_task", true));
    assertThat(wouldClear).extracting(t -> t.dagId() + "." + t.taskId()).containsExactlyInAnyOrder(
        "marker_parent.parent_task", "marker_parent.mark_child", "marker_child.child_task1",
        "marker_child.child_task2", "marker_child.mark_grandchild", "marker_grandchild.grandchild_task");
    assertThat(state("marker_child", child.runId(), "child_task1")).as("a dry run changes nothing")
        .isEqualTo(TaskState.SUCCESS);

    app.taskInstances().clear(ALICE, clearWithDownstream("marker_parent", parent.runId(), "parent_task", false));
    // Every cleared run is queued again and runs its cleared tasks a second time.
    for (String[] run : new String[][] {{"marker_parent", parent.runId()}, {"marker_child", child.runId()},
        {"marker_grandchild", grandchild.runId()}}) {
      DagRunRow again = engine.await(run[0], run[1], Duration.ofSeconds(60));
      assertThat(again.state()).as(run[0]).isEqualTo(RunState.SUCCESS);
    }
    assertThat(app.taskInstances().get(new TiKey("marker_child", child.runId(), "child_task2", -1)).orElseThrow()
        .tryNumber()).isEqualTo(2);
    assertThat(app.taskInstances().get(new TiKey("marker_grandchild", grandchild.runId(), "grandchild_task", -1))
        .orElseThrow().tryNumber()).isEqualTo(2);
    assertThat(app.taskInstances().get(
        new TiKey("marker_grandchild", grandchild.runId(), "grandchild_untouched_upstream", -1)).orElseThrow()
        .tryNumber()).as("not downstream of the marked task").isEqualTo(1);
  }

  @Test
  void markersDeeperThanTheirRecursionDepthRefuseTheClear() throws Exception {
    engine.save(dag("depth_parent", marker("mark_child", "depth_child", "child_task", 1)));
    engine.save(dag("depth_child", bash("child_task", "echo one"),
        marker("mark_grandchild", "depth_grandchild", "grandchild_task", 1, "child_task")));
    engine.save(dag("depth_grandchild", bash("grandchild_task", "echo grandchild")));
    DagRunRow parent = runAt("depth_parent");
    runAt("depth_child");
    runAt("depth_grandchild");

    assertThatThrownBy(() -> app.taskInstances().clear(ALICE,
            clearWithDownstream("depth_parent", parent.runId(), "mark_child", false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Maximum recursion depth 1 reached for ExternalTaskMarker mark_grandchild");
    assertThat(state("depth_parent", parent.runId(), "mark_child")).as("nothing was cleared")
        .isEqualTo(TaskState.SUCCESS);
  }
}
