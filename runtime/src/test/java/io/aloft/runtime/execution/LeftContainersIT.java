package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A try the sweeper ends (its thread is gone) has the container it recorded stopped by its operator: a real
 * container on the local engine is gone afterwards, and the try stays ended when stopping it fails.
 */
class LeftContainersIT {

  private TestEngine engine;
  private String container;

  @BeforeEach
  void start() throws Exception {
    CliContainers.require();
    engine = new TestEngine();
    engine.registry.register("test", List.of(CliContainers.standIn("LeftContainer", true)));
  }

  @AfterEach
  void stop() {
    if (container != null) {
      CliContainers.removeQuietly(container);
    }
    if (engine != null) {
      engine.close();
    }
  }

  private static TaskSpec java(String id) {
    return TaskSpec.builder(id, "LeftContainer").retryDelaySeconds(0).build();
  }

  /** A finished run whose try is set back to running on "ghost:1" with no thread, its container recorded. */
  private DagRunRow runLeftOnGhost(String dagId, String recorded) throws Exception {
    engine.save(dag(dagId, java("boxed")));
    DagRunRow run = engine.run(dagId, Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    engine.db.jdbi().useHandle(h -> h.createUpdate(
        "UPDATE task_instance SET state = 'running', hostname = 'ghost:1', end_date = NULL WHERE dag_id = :d")
        .bind("d", dagId).execute());
    engine.stores.taskInstances().recordWork(new TiKey(dagId, run.runId(), "boxed", -1), 1, recorded);
    return run;
  }

  private int sweepOnGhost() {
    try (TaskExecutor ghost = new TaskExecutor(engine.stores, engine.registry, TestEngine.noPython(),
        new io.aloft.runtime.execution.template.TemplateRenderer(Clock.systemUTC()), engine.logs, Clock.systemUTC(), Map.of(),
        "ghost:1", 1, () -> {})) {
      return ghost.sweep();
    }
  }

  @Test
  void theSweeperStopsTheContainerOfATryItEnds() throws Exception {
    container = CliContainers.startRunning("left-containers-it");
    DagRunRow run = runLeftOnGhost("swept_box", container);

    assertThat(sweepOnGhost()).isEqualTo(1);

    assertThat(CliContainers.awaitGone(container)).as("container " + container + " removed").isTrue();
    TaskInstanceRow ti = engine.stores.taskInstances().get(new TiKey("swept_box", run.runId(), "boxed", -1)).orElseThrow();
    assertThat(ti.state()).isEqualTo(TaskState.FAILED);
    assertThat(engine.log("swept_box", run.runId(), "boxed", 1))
        .contains("ended without recording")
        .contains("stopping the work it started (" + container + ")")
        .contains("removed container " + container);
  }

  @Test
  void aFailedStopIsLoggedAndTheTryStaysEnded() throws Exception {
    DagRunRow run = runLeftOnGhost("swept_gone", "no-such-container-0123");

    assertThat(sweepOnGhost()).isEqualTo(1);

    TaskInstanceRow ti = engine.stores.taskInstances().get(new TiKey("swept_gone", run.runId(), "boxed", -1)).orElseThrow();
    assertThat(ti.state()).isEqualTo(TaskState.FAILED);
    assertThat(engine.log("swept_gone", run.runId(), "boxed", 1)).contains("Stopping the try's work failed");
  }
}
