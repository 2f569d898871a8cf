package io.aloft.runtime.execution;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.OperatorDagRuns;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.ScheduledRuns;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The scheduler and executor over a fresh real PostgreSQL database, without GraalPy: Python tasks are
 * answered by the given invoker. For integration tests of scheduling and execution; tests in other packages that wire
 * their own engine use its static parts ({@link #noPython}, {@link #awaitFinished}).
 */
public final class TestEngine implements AutoCloseable {

  final Database db;
  final Stores stores;
  final OperatorRegistry registry = new OperatorRegistry();
  final TaskExecutor executor;
  final SchedulerLoop scheduler;
  final RunTrigger trigger;
  final LogFiles logs;
  final Path home;
  /** The application services over the same store (what the cross-DAG operators use). */
  final Application app;

  TestEngine(PythonInvoker python) throws Exception {
    this(python, TestDatabase.fresh());
  }

  /** Over a database of the test's own (one whose server the test stops and starts); closes it at the end. */
  TestEngine(PythonInvoker python, Database db) throws Exception {
    this.db = db;
    stores = Stores.over(db, 64 * 1024, io.aloft.runtime.store.SecretCipher.generate(), Map.of(),
        SensitiveNames.DEFAULT::sensitive);
    home = Files.createTempDirectory("aloft-engine-");
    logs = new LogFiles(home.resolve("logs"));
    Clock clock = Clock.systemUTC();
    SchedulerSignal signal = SchedulerSignal.overDatabase(stores.jdbi());
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_PORT", "0"), home, home);
    app = Application.over(config, stores, (spec, conf) -> conf, logs, clock, signal);
    registry.register("builtin", new BuiltinOperators(new OperatorDagRuns(stores, app)).operators());
    executor = new TaskExecutor(stores, registry, python, new TemplateRenderer(clock), logs, clock, Map.of(), "test:1", 16,
        signal::wake);
    // through a connection of its own, as in a daemon (StoreRestartIT: it reconnects after PostgreSQL's restart)
    scheduler = new SchedulerLoop(stores, db.dedicated("aloft-scheduler"), clock, executor, new ScheduledRuns(stores),
        Duration.ofMillis(200), signal, io.aloft.runtime.metrics.Metrics.none());
    trigger = new RunTrigger(stores, (spec, conf) -> conf, clock, signal::wake);
    scheduler.start();
  }

  TestEngine() throws Exception {
    this(noPython());
  }

  /** An invoker for engines that run no Python task: any call fails the test. */
  public static PythonInvoker noPython() {
    return new PythonInvoker() {
      @Override
      public TryOutcome execute(PythonTry call) {
        throw new UnsupportedOperationException("no Python in this test");
      }

      @Override
      public PokeResult poke(PythonTry call) {
        throw new UnsupportedOperationException("no Python in this test");
      }

      @Override
      public void cancel(TaskContext ctx) {}
    };
  }

  /** Stores the spec as the DAG-file sync does (operators' secret arguments sealed); answers its hash. */
  String save(DagSpec spec) {
    return stores.dags().saveParsed(spec, (op, arg) -> registry.find(op).map(d -> d.isSecret(arg)).orElse(false), false,
        Instant.now());
  }

  /** Triggers a run and waits until it finishes (or the timeout passes). */
  DagRunRow run(String dagId, Map<String, Object> conf, Duration timeout) throws InterruptedException {
    DagRunRow r = trigger.trigger(dagId, null, conf, null);
    return await(dagId, r.runId(), timeout);
  }

  DagRunRow await(String dagId, String runId, Duration timeout) throws InterruptedException {
    return awaitFinished(stores, dagId, runId, timeout);
  }

  /** Waits until the run finishes (success or failed) or the timeout passes; answers its row as it then is. */
  public static DagRunRow awaitFinished(Stores stores, String dagId, String runId, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      DagRunRow now = stores.runs().get(dagId, runId).orElseThrow();
      if (now.state().isFinished()) {
        return now;
      }
      Thread.sleep(20);
    }
    return stores.runs().get(dagId, runId).orElseThrow();
  }

  String log(String dagId, String runId, String taskId, int tryNumber) {
    return logs.read(dagId, runId, taskId, -1, tryNumber, 0).orElse("");
  }

  @Override
  public void close() {
    scheduler.close();
    executor.close();
    db.close();
  }
}
