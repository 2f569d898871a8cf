package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.DatasetCondition;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.scheduler.DatasetTriggers;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DatasetStore;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Data-aware scheduling against PostgreSQL: producer outlets make events, events make one consumer run. */
class DatasetsIT {

  private static TaskSpec withOutlets(TaskSpec t, String... uris) {
    return t.toBuilder().outlets(List.of(uris)).inlets(List.of()).build();
  }

  private static DagSpec consumer(String id, DatasetCondition condition) {
    Schedule s = new Schedule("datasets", null, null, "Dataset", null, null, null, null, condition);
    return new DagSpec(
        DagSpec.CURRENT_VERSION, id, "/dags/" + id + ".py", null, null, s, null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(bash("read", "true")), List.of(), "airflow");
  }

  private static List<DagRunRow> runsOf(TestEngine e, String dagId) {
    return e.stores.runs().list(dagId, 100, 0);
  }

  private static List<DagRunRow> awaitRuns(TestEngine e, String dagId, int count) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end && runsOf(e, dagId).size() < count) {
      Thread.sleep(100);
    }
    return runsOf(e, dagId);
  }

  @Test
  void producerOutletsTriggerConsumersByTheirConditions() throws Exception {
    try (TestEngine e = new TestEngine()) {
      e.save(Specs.dag("producer",
          withOutlets(bash("orders", "true"), "s3://w/orders"),
          withOutlets(bash("customers", "true", "orders"), "s3://w/customers")));
      e.save(consumer("both", DatasetCondition.allOf(DatasetCondition.of("s3://w/orders"),
          DatasetCondition.of("s3://w/customers"))));
      e.save(consumer("either", DatasetCondition.anyOf(DatasetCondition.of("s3://w/orders"),
          DatasetCondition.of("s3://w/other"))));
      e.save(consumer("waits", DatasetCondition.allOf(DatasetCondition.of("s3://w/orders"),
          DatasetCondition.of("s3://w/other"))));

      assertThat(e.run("producer", Map.of(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);

      List<DagRunRow> both = awaitRuns(e, "both", 1);
      assertThat(both).singleElement().satisfies(r -> assertThat(r.runType()).isEqualTo("dataset_triggered"));
      assertThat(e.await("both", both.get(0).runId(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);
      assertThat(e.stores.datasets().triggeringEvents(both.get(0).id()))
          .extracting(DatasetStore.EventRow::uri).containsExactly("s3://w/orders", "s3://w/customers");
      assertThat(awaitRuns(e, "either", 1)).hasSize(1);
      Thread.sleep(1500); // a few scheduler passes: the unmet condition must still make no run
      assertThat(runsOf(e, "waits")).isEmpty();
      assertThat(runsOf(e, "both")).hasSize(1);

      // An external announcement of the missing dataset completes "waits".
      e.stores.datasets().emit("s3://w/other", Map.of("rows", 3), Instant.now());
      assertThat(awaitRuns(e, "waits", 1)).hasSize(1);
      assertThat(e.stores.datasets().events("s3://w/other", 10))
          .singleElement().satisfies(ev -> assertThat(ev.extra()).containsEntry("rows", 3));
    }
  }

  @Test
  void aTriggeredPythonTaskGetsItsTriggeringEvents() throws Exception {
    AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
    try (TestEngine e = new TestEngine(new PythonInvoker() {
      @Override
      public TryOutcome execute(PythonTry call) {
        seen.set(call.airflowContext());
        return new TryOutcome.Success(null);
      }

      @Override
      public PokeResult poke(PythonTry call) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void cancel(TaskContext ctx) {}
    })) {
      TaskSpec read = Specs.task("read", "PythonOperator", Map.of(), List.of());
      TaskSpec python = read.toBuilder().executor("python").build();
      DagSpec base = consumer("py_consumer", DatasetCondition.of("s3://py"));
      e.save(new DagSpec(base.specVersion(), base.dagId(), base.fileloc(), null, null, base.schedule(), null, null,
          "UTC", false, 16, 16, null, List.of(), null, Map.of(), List.of(python), List.of(), "airflow"));
      e.stores.datasets().emit("s3://py", Map.of("rows", 5), Instant.now());
      DagRunRow run = awaitRuns(e, "py_consumer", 1).get(0);
      assertThat(e.await("py_consumer", run.runId(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);
      assertThat(seen.get()).containsKey("triggering_dataset_events");
      @SuppressWarnings("unchecked")
      Map<String, List<Map<String, Object>>> events =
          (Map<String, List<Map<String, Object>>>) seen.get().get("triggering_dataset_events");
      assertThat(events.get("s3://py")).singleElement()
          .satisfies(ev -> assertThat(ev.get("extra")).isEqualTo(Map.of("rows", 5)));
    }
  }

  @Test
  void twoDecidersOnOneDatabaseMakeOneRunOfTheSameEvents() throws Exception {
    try (TestEngine e = new TestEngine()) {
      e.save(consumer("racer", DatasetCondition.of("s3://race")));
      e.stores.datasets().emit("s3://race", Map.of(), Instant.now());
      // Two deciders straight on the store, without the scheduler's advisory lock: only the row locks guard.
      DatasetTriggers a = new DatasetTriggers(e.stores);
      DatasetTriggers b = new DatasetTriggers(e.stores);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Boolean> fa = pool.submit(() -> { go.await(); return e.stores.jdbi().inTransaction(h -> a.createRuns(h, Instant.now())); });
        Future<Boolean> fb = pool.submit(() -> { go.await(); return e.stores.jdbi().inTransaction(h -> b.createRuns(h, Instant.now())); });
        go.countDown();
        fa.get();
        fb.get();
      } finally {
        pool.shutdownNow();
      }
      assertThat(runsOf(e, "racer")).hasSize(1);
    }
  }
}
