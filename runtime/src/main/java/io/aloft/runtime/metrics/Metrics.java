package io.aloft.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The daemon's metrics, named after Airflow's where one exists, over Micrometer and served in Prometheus' text format
 * on {@code /metrics}. Airflow puts the DAG, task and state into StatsD names ({@code dagrun.duration.success.<dag_id>},
 * {@code ti.finish.<dag_id>.<task_id>.<state>}, {@code pool.open_slots.<pool>}); here they are tags on one meter,
 * which is how Prometheus wants them ({@code dagrun_duration_seconds{dag_id="d",state="success"}}). README's
 * "Metrics" section lists the mapping.
 *
 * <p>Built once by the daemon and handed by constructor to the executor, the scheduler, the DAG-folder sync and the
 * web server. Thread-safe (Micrometer's meters are). {@link #none()} records nothing, for engines built without a
 * daemon (tests, {@code dags test}).
 */
public final class Metrics {

  /** A pool's slots, as {@code /metrics} shows them. */
  public record PoolSlots(String pool, int open, int running, int queued) {}

  private final MeterRegistry registry;
  private final Optional<PrometheusMeterRegistry> prometheus;
  /** Gauges whose rows come and go (one per pool), refreshed just before each scrape. */
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  private Metrics(MeterRegistry registry, Optional<PrometheusMeterRegistry> prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
  }

  /** Metrics for Prometheus, with the JVM's, the process's and the system's binders. */
  public static Metrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new Metrics(registry, Optional.of(registry));
  }

  /** Records nothing (an empty composite registry drops every measurement). */
  public static Metrics none() {
    return new Metrics(new CompositeMeterRegistry(), Optional.empty());
  }

  /** Airflow's {@code dagrun.duration.<state>.<dag_id>}: a run ended (success or failed) after {@code duration}. */
  public void runFinished(String dagId, String state, Duration duration) {
    Timer.builder("dagrun.duration").description("DAG run duration, start to end, by DAG and final state")
        .tags("dag_id", dagId, "state", state).register(registry).record(duration);
  }

  /** Airflow's {@code ti.finish.<dag_id>.<task_id>.<state>}: a try ended in {@code state}. */
  public void taskFinished(String dagId, String taskId, String state) {
    Counter.builder("ti.finish").description("Task tries that ended, by DAG, task and state")
        .tags("dag_id", dagId, "task_id", taskId, "state", state).register(registry).increment();
  }

  /** Airflow's {@code dag_processing.last_duration.<file>}: how long parsing one DAG file took. */
  public void fileParsed(String file, Duration duration, boolean importError) {
    Timer.builder("dag_processing.last_duration").description("DAG file parse time, by file")
        .tags("file", file).register(registry).record(duration);
    if (importError) {
      Counter.builder("dag_processing.file_errors").description("Parses that ended in an import error")
          .tags("file", file).register(registry).increment();
    }
  }

  /** Airflow's {@code dag_processing.total_parse_time}: one pass over the changed files of the DAGs folder. */
  public void parsePass(int files, Duration duration) {
    Timer.builder("dag_processing.total_parse_time").description("Parsing the changed files of one DAGs-folder pass")
        .register(registry).record(duration);
    Counter.builder("dag_processing.files_parsed").register(registry).increment(files);
  }

  /** Airflow's {@code scheduler.heartbeat}: counts the scheduler's passes. */
  public void schedulerHeartbeat() {
    Counter.builder("scheduler.heartbeat").description("Scheduler passes").register(registry).increment();
  }

  /**
   * Airflow's {@code scheduler.scheduler_loop_duration}: one scheduler pass, with its median and 99th percentile over
   * the last minutes (what {@code scripts/bench scale} reads, and what a dashboard wants at a glance).
   */
  public void schedulerLoop(Duration duration) {
    Timer.builder("scheduler.scheduler_loop_duration").description("One scheduler pass")
        .publishPercentiles(0.5, 0.99).register(registry).record(duration);
  }

  /**
   * Aloft's own {@code scheduler.runs_read}: how many running runs' instances one deciding pass read from the store
   * (the others came from what the last pass read, see the scheduler's instance cache); {@code running} of them.
   */
  public void schedulerRunsRead(int read, int running) {
    io.micrometer.core.instrument.DistributionSummary.builder("scheduler.runs_read")
        .description("Running runs whose instances a scheduler pass read again").register(registry).record(read);
    io.micrometer.core.instrument.DistributionSummary.builder("scheduler.runs_running")
        .description("Running runs a scheduler pass decided on").register(registry).record(running);
  }

  /** Airflow's {@code executor.running_tasks}, read from the executor at each scrape. */
  public void runningTasksFrom(IntSupplier running) {
    Gauge.builder("executor.running_tasks", running::getAsInt).description("Task tries running in this daemon")
        .register(registry);
  }

  /** Airflow's {@code dag_processing.import_errors}, read at each scrape. */
  public void importErrorsFrom(LongSupplier count) {
    Gauge.builder("dag_processing.import_errors", count::getAsLong).description("DAG files with an import error")
        .register(registry);
  }

  /** Airflow's {@code pool.open_slots.<pool>} (and running, queued), read at each scrape. */
  public void poolsFrom(Supplier<List<PoolSlots>> pools) {
    MultiGauge open = MultiGauge.builder("pool.open_slots").description("Open slots per pool").register(registry);
    MultiGauge running = MultiGauge.builder("pool.running_slots").description("Running slots per pool").register(registry);
    MultiGauge queued = MultiGauge.builder("pool.queued_slots").description("Queued slots per pool").register(registry);
    beforeScrape.add(() -> {
      List<PoolSlots> now = pools.get();
      open.register(now.stream().map(p -> MultiGauge.Row.of(Tags.of("pool", p.pool()), p.open())).toList(), true);
      running.register(now.stream().map(p -> MultiGauge.Row.of(Tags.of("pool", p.pool()), p.running())).toList(), true);
      queued.register(now.stream().map(p -> MultiGauge.Row.of(Tags.of("pool", p.pool()), p.queued())).toList(), true);
    });
  }

  /** Everything, in Prometheus' text format (version 0.0.4); empty for {@link #none()}. */
  public String scrape() {
    for (Runnable r : beforeScrape) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // a store that does not answer must not take the JVM's metrics down with it; the rows keep their last values
        org.slf4j.LoggerFactory.getLogger(Metrics.class).warn("refreshing metrics failed: {}", e.toString());
      }
    }
    return prometheus.map(PrometheusMeterRegistry::scrape).orElse("");
  }
}
