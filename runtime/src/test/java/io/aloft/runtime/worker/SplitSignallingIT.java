package io.aloft.runtime.worker;

import static io.aloft.runtime.execution.TestEngine.noPython;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.execution.SensitiveNames;
import io.aloft.runtime.execution.TaskExecutor;
import io.aloft.runtime.execution.TestEngine;
import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.builtin.CrossDagRuns;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.WakeListener;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wake-ups between a scheduler that runs nothing and a worker, as {@code aloft scheduler} and {@code aloft worker}
 * wire them, with the scheduler's tick and the worker's poll set to an hour: a run that ends at all proves that each
 * step was signalled — the worker's try end woke the scheduler ({@code NOTIFY aloft_wake}), the scheduler's queued
 * tries woke the worker ({@code NOTIFY aloft_work}), also while it was full (three parallel tasks on one slot).
 * Nothing here depends on how fast that happens.
 */
class SplitSignallingIT {

  private static final Duration NEVER = Duration.ofHours(1);

  @Test
  void triesEndingOnAWorkerWakeTheSchedulerAndQueuedTriesWakeTheWorkerWithoutPolling() throws Exception {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 64 * 1024, SecretCipher.generate(), Map.of(), SensitiveNames.DEFAULT::sensitive);
      Path home = Files.createTempDirectory("aloft-split-signalling-");
      LogFiles logs = new LogFiles(home.resolve("logs"));
      Clock clock = Clock.systemUTC();
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("builtin", new BuiltinOperators(CrossDagRuns.NONE).operators());
      // a chain (every step needs the scheduler to see the last end) and three parallel tasks on a one-slot worker
      stores.dags().saveParsed(dag("split", bash("first"), bash("second", "first"), bash("a", "second"),
          bash("b", "second"), bash("c", "second"), bash("last", "a", "b", "c")), false, Instant.now());

      // The scheduler's process: claims nothing (no queues), decides only when woken (its tick: an hour).
      SchedulerSignal schedulerSignal = SchedulerSignal.overDatabase(stores.jdbi());
      TaskExecutor schedulerExecutor = new TaskExecutor(stores, registry, noPython(), new TemplateRenderer(clock), logs,
          clock, Map.of(), "scheduler:1", 16, schedulerSignal::wake, Metrics.none(), Set.of());
      SchedulerLoop scheduler = new SchedulerLoop(stores, clock, new WorkNotice(schedulerExecutor, stores.jdbi()),
          (h, now) -> false, NEVER, schedulerSignal);

      // The worker's process: no scheduler loop, so its signal reaches the scheduler through NOTIFY; one slot.
      SchedulerSignal workerSignal = SchedulerSignal.overDatabase(stores.jdbi());
      ClaimLoop[] claimLoop = new ClaimLoop[1];
      TaskExecutor workerExecutor = new TaskExecutor(stores, registry, noPython(), new TemplateRenderer(clock), logs,
          clock, Map.of(), "worker:1", 1, () -> {
            workerSignal.wake();
            if (claimLoop[0] != null) {
              claimLoop[0].slotFreed();
            }
          }, Metrics.none(), null);
      claimLoop[0] = new ClaimLoop(workerExecutor::claimAndStart, workerExecutor::freeSlots, NEVER);
      try (WakeListener schedulerWake = new WakeListener(db.dataSource(), scheduler::wake);
          WakeListener workerWake = new WakeListener(db.dataSource(), WorkNotice.CHANNEL, claimLoop[0]::wake)) {
        awaitListening(stores, WakeListener.CHANNEL, WorkNotice.CHANNEL);
        scheduler.start();
        DagRunRow run = new RunTrigger(stores, (spec, conf) -> conf, clock, schedulerSignal::wake)
            .trigger("split", null, Map.of(), null);

        DagRunRow done = TestEngine.awaitFinished(stores, run.dagId(), run.runId(), Duration.ofMinutes(3));
        assertThat(done.state()).isEqualTo(RunState.SUCCESS);
        // for the reader of a slow CI run: the run's own time, apart from starting PostgreSQL
        System.out.println("split run took " + Duration.between(done.startDate(), done.endDate()).toMillis() + " ms");
        List<Map<String, Object>> tries = stores.jdbi().withHandle(h -> h.createQuery(
            "SELECT task_id, try_number, hostname FROM task_try WHERE dag_id = 'split' ORDER BY task_id")
            .mapToMap().list());
        assertThat(tries).hasSize(6).allSatisfy(t -> {
          assertThat(t.get("try_number")).isEqualTo(1);
          assertThat(t.get("hostname")).isEqualTo("worker:1");
        });
      } finally {
        scheduler.close();
        claimLoop[0].close();
        workerExecutor.close();
        schedulerExecutor.close();
      }
    }
  }

  /** Waits until both listeners' connections said LISTEN: a notice sent before that would be lost (and polled for). */
  private static void awaitListening(Stores stores, String... channels) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      int listening = stores.jdbi().withHandle(h -> h.createQuery(
              "SELECT count(DISTINCT query) FROM pg_stat_activity WHERE query = ANY(:q)")
          .bindArray("q", String.class, Arrays.stream(channels).map(c -> "LISTEN " + c).toList())
          .mapTo(Integer.class).one());
      if (listening == channels.length) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the wake listeners did not LISTEN within a minute");
  }

  private static TaskSpec bash(String id, String... upstream) {
    return TaskSpec.builder(id, "BashOperator").upstream(Arrays.asList(upstream)).retryDelaySeconds(0)
        .templateFields(List.of("bash_command", "env", "cwd")).args(Map.of("bash_command", "true")).build();
  }

  private static DagSpec dag(String id, TaskSpec... tasks) {
    return new DagSpec(
        DagSpec.CURRENT_VERSION, id, "/dags/" + id + ".py", null, null, Schedule.none(), null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(tasks), List.of(), "airflow");
  }
}
