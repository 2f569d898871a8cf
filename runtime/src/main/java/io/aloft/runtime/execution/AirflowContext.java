package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DatasetStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plain-data part of Airflow's task context ({@code ds}, {@code ts}, {@code run_id}, {@code
 * dag_run}, {@code params} ...) as JSON shapes, for Python callables. Dates print as Airflow prints them.
 */
public final class AirflowContext {

  private static final DateTimeFormatter DS = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TS_NODASH =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private AirflowContext() {}

  public static Map<String, Object> of(
      DagSpec dag, TaskSpec task, DagRunRow run, int mapIndex, int tryNumber, Map<String, Object> params) {
    Instant logical = run.logicalDate();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ds", DS.format(logical));
    m.put("ds_nodash", DS.format(logical).replace("-", ""));
    m.put("ts", iso(logical));
    m.put("ts_nodash", TS_NODASH.format(logical));
    m.put("ts_nodash_with_tz", TS_NODASH.format(logical) + "+0000");
    m.put("logical_date", iso(logical));
    m.put("execution_date", iso(logical));
    m.put("data_interval_start", iso(run.dataIntervalStart()));
    m.put("data_interval_end", iso(run.dataIntervalEnd()));
    m.put("run_id", run.runId());
    m.put("dag_id", dag.dagId());
    m.put("task_id", task.taskId());
    m.put("map_index", mapIndex);
    m.put("try_number", tryNumber);
    m.put("params", params);
    m.put("conf", run.conf());
    m.put("task_instance_key_str", dag.dagId() + "__" + task.taskId() + "__" + DS.format(logical).replace("-", ""));
    Map<String, Object> dagRun = new LinkedHashMap<>();
    dagRun.put("run_id", run.runId());
    dagRun.put("dag_id", dag.dagId());
    dagRun.put("conf", run.conf());
    dagRun.put("run_type", run.runType());
    dagRun.put("logical_date", iso(logical));
    dagRun.put("external_trigger", run.externalTrigger());
    m.put("dag_run", dagRun);
    return m;
  }

  /**
   * Airflow's {@code triggering_dataset_events}: per dataset URI, the events that triggered the run, oldest
   * first, each with {@code extra}, {@code source_dag_id}, {@code source_task_id}, {@code source_run_id},
   * {@code source_map_index} and {@code timestamp}.
   */
  public static Map<String, Object> triggeringEvents(java.util.List<DatasetStore.EventRow> events) {
    Map<String, Object> byUri = new LinkedHashMap<>();
    for (DatasetStore.EventRow e : events) {
      @SuppressWarnings("unchecked")
      java.util.List<Object> list = (java.util.List<Object>) byUri.computeIfAbsent(e.uri(), u -> new java.util.ArrayList<>());
      list.add(event(e));
    }
    return byUri;
  }

  /** At most this many events (the newest) per inlet in {@code inlet_events}: a busy dataset's whole history is not sent. */
  public static final int MAX_INLET_EVENTS = 1000;

  /** Airflow's {@code inlet_events}: per inlet dataset URI or alias name, its events oldest first. */
  public static Map<String, Object> inletEvents(Map<String, java.util.List<DatasetStore.EventRow>> byKey) {
    Map<String, Object> out = new LinkedHashMap<>();
    byKey.forEach((key, events) -> out.put(key, events.stream().map(AirflowContext::event).toList()));
    return out;
  }

  private static Map<String, Object> event(DatasetStore.EventRow e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("dataset_uri", e.uri());
    m.put("uri", e.uri());
    m.put("extra", e.extra());
    m.put("source_dag_id", e.sourceDagId());
    m.put("source_task_id", e.sourceTaskId());
    m.put("source_run_id", e.sourceRunId());
    m.put("source_map_index", e.sourceMapIndex());
    m.put("timestamp", iso(e.timestamp()));
    return m;
  }

  static String iso(Instant t) {
    if (t == null) {
      return null;
    }
    String base = TS.format(t);
    int nanos = t.getNano();
    if (nanos == 0) {
      return base;
    }
    // Python's isoformat: microseconds before the offset
    return base.substring(0, 19) + String.format(".%06d", nanos / 1000) + base.substring(19);
  }
}
