package io.aloft.runtime.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trigger the daemon's triggerer can wait on, read from Airflow's (classpath, kwargs) form: the built-in
 * {@code DateTimeTrigger} (which {@code TimeDeltaTrigger} serializes to), {@code FileTrigger} and {@code
 * DagStateTrigger}, under their Airflow 2 and Airflow 3 ({@code airflow.providers.standard}) paths, which the
 * triggerer evaluates in Java; any other classpath is a {@link Python} trigger (a {@code BaseTrigger} subclass
 * whose {@code async def run()} the triggerer runs in a Python worker, see {@link PythonTriggerRuns}).
 */
public sealed interface Trigger {

  /**
   * Fires at {@code moment}; the event is the moment (ISO-8601). With {@code endFromTrigger} (Airflow 2.10's {@code
   * end_from_trigger=True}) it ends its task successfully instead, without resuming it.
   */
  record DateTime(Instant moment, boolean endFromTrigger) implements Trigger {
    public DateTime(Instant moment) {
      this(moment, false);
    }
  }

  /** Fires once {@code path} (a glob allowed) matches a file; checked every {@code pokeInterval}; event {@code true}. */
  record File(String path, boolean recursive, Duration pokeInterval) implements Trigger {}

  /** Fires once every run in {@code runIds} of {@code dagId} is in one of {@code states}; checked every interval. */
  record DagState(String dagId, List<String> runIds, Set<String> states, Duration pollInterval) implements Trigger {}

  /**
   * Airflow's {@code WorkflowTrigger} (what a deferrable ExternalTaskSensor waits on): fires once the tasks {@code
   * taskIds} of {@code dagId} (its runs when none) at {@code logicalDates} are all in {@code allowed}, or once any is
   * in {@code failed} or {@code skipped}; checked every {@code pollInterval} with one query of the store.
   */
  record TaskStates(String dagId, List<String> taskIds, List<Instant> logicalDates, Set<String> allowed,
      Set<String> failed, Set<String> skipped, Duration pollInterval) implements Trigger {}

  /**
   * A {@code BaseTrigger} subclass written in Python, kept as its {@code serialize()} gave it: the triggerer
   * re-creates it from these in a Python worker ({@code classpath(**kwargs)}) and runs its {@code run()}.
   */
  record Python(String classpath, Map<String, Object> kwargs) implements Trigger {
    public Python {
      kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }
  }

  String DATE_TIME = "airflow.triggers.temporal.DateTimeTrigger";
  String FILE = "airflow.triggers.file.FileTrigger";
  String DAG_STATE = "airflow.triggers.external_task.DagStateTrigger";
  String WORKFLOW = "airflow.triggers.external_task.WorkflowTrigger";

  /** Reads a trigger as Python serialized it; the message of the exception a user can hit says what to do. */
  static Trigger parse(String classpath, Map<String, Object> kwargs) {
    String name = classpath.startsWith("airflow.providers.standard.triggers.")
        ? "airflow.triggers." + classpath.substring("airflow.providers.standard.triggers.".length()) : classpath;
    try {
      return switch (name) {
        case DATE_TIME, "airflow.triggers.temporal.TimeDeltaTrigger" -> new DateTime(instant(kwargs.get("moment")),
            Boolean.TRUE.equals(kwargs.get("end_from_trigger")));
        case FILE -> new File(String.valueOf(kwargs.get("filepath")), Boolean.TRUE.equals(kwargs.get("recursive")),
            seconds(kwargs.get("poke_interval"), 5));
        case DAG_STATE -> new DagState(String.valueOf(kwargs.get("dag_id")), strings(kwargs.get("run_ids")),
            Set.copyOf(strings(kwargs.get("states"))), seconds(kwargs.get("poll_interval"), 5));
        case WORKFLOW -> new TaskStates(String.valueOf(kwargs.get("external_dag_id")),
            strings(kwargs.get("external_task_ids")),
            strings(kwargs.get("execution_dates")).stream().map(Trigger::instant).toList(),
            Set.copyOf(strings(kwargs.getOrDefault("allowed_states", List.of("success")))),
            Set.copyOf(strings(kwargs.get("failed_states"))), Set.copyOf(strings(kwargs.get("skipped_states"))),
            seconds(kwargs.get("poke_interval"), 2));
        default -> {
          if (!classpath.contains(".")) {
            throw new IllegalArgumentException("the trigger's classpath " + classpath + " names no module: serialize()"
                + " must return (\"module.ClassName\", kwargs), e.g. (\"my_dag.MyTrigger\", {...})");
          }
          yield new Python(classpath, kwargs);
        }
      };
    } catch (DateTimeParseException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("the trigger " + classpath + " has invalid arguments " + kwargs + ": " + e);
    }
  }

  /** The JSON arguments the store keeps for this trigger, and its classpath, as {@link #parse} reads them. */
  static Map<String, Object> kwargs(Trigger t) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (t) {
      case DateTime d -> {
        m.put("moment", d.moment().toString());
        if (d.endFromTrigger()) {
          m.put("end_from_trigger", true);
        }
      }
      case File f -> {
        m.put("filepath", f.path());
        m.put("recursive", f.recursive());
        m.put("poke_interval", f.pokeInterval().toMillis() / 1000.0);
      }
      case DagState s -> {
        m.put("dag_id", s.dagId());
        m.put("run_ids", s.runIds());
        m.put("states", List.copyOf(s.states()));
        m.put("poll_interval", s.pollInterval().toMillis() / 1000.0);
      }
      case TaskStates w -> {
        m.put("external_dag_id", w.dagId());
        m.put("external_task_ids", w.taskIds());
        m.put("execution_dates", w.logicalDates().stream().map(Instant::toString).toList());
        m.put("allowed_states", List.copyOf(w.allowed()));
        m.put("failed_states", List.copyOf(w.failed()));
        m.put("skipped_states", List.copyOf(w.skipped()));
        m.put("poke_interval", w.pollInterval().toMillis() / 1000.0);
      }
      case Python p -> m.putAll(p.kwargs());
    }
    return m;
  }

  static String classpath(Trigger t) {
    return switch (t) {
      case DateTime d -> DATE_TIME;
      case File f -> FILE;
      case DagState s -> DAG_STATE;
      case TaskStates w -> WORKFLOW;
      case Python p -> p.classpath();
    };
  }

  /** Reads stored JSON arguments. */
  static Trigger parse(String classpath, String kwargsJson, ObjectMapper json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = json.readValue(kwargsJson, Map.class);
      return parse(classpath, m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the trigger's arguments are not JSON: " + e.getOriginalMessage());
    }
  }

  private static Instant instant(Object v) {
    String s = String.valueOf(v);
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // Python's isoformat() of a naive datetime has no offset: Airflow's datetimes are UTC
      return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
    }
  }

  private static Duration seconds(Object v, double def) {
    double s = v instanceof Number n ? n.doubleValue() : def;
    return Duration.ofMillis(Math.max(10, Math.round(s * 1000)));
  }

  private static List<String> strings(Object v) {
    if (v == null) {
      return List.of();
    }
    return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v));
  }
}
