package io.aloft.runtime.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.python.DagModules;
import io.aloft.runtime.python.PythonCall;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.TaskBridge;
import io.aloft.runtime.store.ConnectionStore;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.store.VariableStore;
import io.aloft.sdk.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Trigger.Python} triggers (a {@code BaseTrigger} subclass's {@code async def run()}) for the {@link
 * Triggerer} in the daemon's Python host (its worker processes). The first {@link #look} at a trigger re-creates it
 * from its serialized form in a worker, where its {@code run()} then stays alive between looks (in that worker's
 * Python state, on an event loop of its own); each look lets the loop run for at most {@link #SLICE} (less once a
 * trigger of the batch has an answer) and answers the triggers whose {@code run()} ended: those that yielded a
 * {@code TriggerEvent} fire, those that yielded a {@code TaskSuccessEvent}/{@code TaskFailedEvent}/{@code
 * TaskSkippedEvent} end their task ({@code end_from_trigger}), those that raised fail their task. Later looks at a
 * trigger go to the worker that runs it ({@link PythonHost#runTaskOn}), so a {@code run()} that sleeps longer than
 * a slice before its first check wakes at the first look after its sleep. A worker that died, a worker busy for
 * longer than {@link #HOME_WAIT}, or a new daemon (a new instance of this class) re-creates the trigger from its
 * serialized form, as Airflow's triggerer does after a restart; so a trigger holds no worker and no thread while
 * it waits, and a restart loses none. With the in-process host ({@code python_workers=0}) calls cannot be placed:
 * each context that looks at a trigger runs its own copy.
 *
 * <p>Threading: {@link #look} returns at once; {@code done} runs on a thread of the host's when a look ends (once
 * per worker the batch's triggers live on). Thread-safe.
 */
public final class PythonTriggerRuns {

  private static final Logger LOG = LoggerFactory.getLogger(PythonTriggerRuns.class);
  private static final ObjectMapper JSON = SpecJson.mapper();
  /** How long one look lets the event loop run at most while none of the batch's triggers has an answer. */
  static final Duration SLICE = Duration.ofSeconds(2);
  /** How long after a look ends the triggers still waiting are looked at again. */
  static final Duration INTERVAL = Duration.ofSeconds(3);
  /**
   * How long a look waits for the worker that runs its triggers while that worker runs something else (a long
   * task); past it the look goes to a free worker, which re-creates the triggers from their serialized form.
   */
  static final Duration HOME_WAIT = Duration.ofSeconds(30);

  /**
   * What one look found for the triggers it {@code looked} at: the events ({@code {"event": payload}}'s payload as
   * JSON), the ends ({@code {"state": "success" | "failed" | "skipped", "xcoms": {...}}} as JSON: the task ends
   * without resuming) and errors (a message the task fails with) by trigger id; triggers in none still wait.
   */
  public record Result(Set<Long> looked, Map<Long, String> events, Map<Long, String> ends,
      Map<Long, String> errors) {}

  private final PythonHost host;
  /** Where {@code Variable.get} and {@code BaseHook.get_connection} in a trigger read; null: they are refused. */
  private final VariableStore variables;
  private final ConnectionStore connections;
  /** Tells this triggerer's triggers from those a triggerer before it (same host, e.g. in tests) left running. */
  private final String owner = UUID.randomUUID().toString();
  /** The worker each waiting trigger runs on (absent: not started yet, or its worker is unknown). */
  private final Map<Long, Integer> homes = new ConcurrentHashMap<>();

  /** Triggers without Variables and connections (they are refused with a message that says so). */
  public PythonTriggerRuns(PythonHost host) {
    this(host, null, null);
  }

  /** Triggers that read Variables and connections from these stores, as Python tasks do. */
  public PythonTriggerRuns(PythonHost host, VariableStore variables, ConnectionStore connections) {
    this.host = host;
    this.variables = variables;
    this.connections = connections;
  }

  /** Forgets where triggers that are no longer among {@code watched} ran (fired, timed out, taken away). */
  public void retain(Set<Long> watched) {
    homes.keySet().retainAll(watched);
  }

  /**
   * Starts one bounded look at {@code batch}, triggers whose tasks are all of {@code origin}'s DAG file, in one call
   * per worker they run on; {@code done} gets what each call found (its triggers fail with the reason when the file
   * cannot be read or the call fails).
   */
  public void look(TriggerStore.Origin origin, Map<Long, Trigger.Python> batch, Consumer<Result> done) {
    Path file = Path.of(origin.fileloc()).toAbsolutePath().normalize();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      done.accept(failAll(batch, "cannot read the DAG file " + file + " that defines the trigger: " + e));
      return;
    }
    Map<Integer, Map<Long, Trigger.Python>> byHome = new TreeMap<>();
    batch.forEach((id, t) -> byHome.computeIfAbsent(homes.getOrDefault(id, 0), h -> new LinkedHashMap<>()).put(id, t));
    byHome.forEach((home, part) -> lookOn(home, origin, file, bytes, part, done));
  }

  private void lookOn(int home, TriggerStore.Origin origin, Path file, byte[] bytes, Map<Long, Trigger.Python> batch,
      Consumer<Result> done) {
    List<Map<String, Object>> triggers = new ArrayList<>();
    batch.forEach((id, t) -> triggers.add(Map.of("id", id, "classpath", t.classpath(), "kwargs", t.kwargs())));
    String request;
    try {
      request = JSON.writeValueAsString(Map.of("triggers", triggers, "slice_seconds", SLICE.toMillis() / 1000.0,
          "owner", owner));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      done.accept(failAll(batch, "the trigger's arguments are not JSON: " + e.getOriginalMessage()));
      return;
    }
    PythonCall<String> call;
    try {
      call = host.runTaskOn(home, HOME_WAIT, new PythonHost.TaskCall(new String(bytes, StandardCharsets.UTF_8),
          file.toString(), DagModules.name(file, DagModules.hash(bytes)), origin.dagId(), origin.taskId(), request),
          bridge(origin));
    } catch (RuntimeException e) {
      done.accept(failAll(batch, "the Python host could not run the trigger: " + e.getMessage()));
      return;
    }
    call.whenDone(() -> {
      Result r = result(call, batch, file);
      for (long id : batch.keySet()) {
        if (r.events().containsKey(id) || r.ends().containsKey(id) || r.errors().containsKey(id)
            || call.worker() == 0) {
          homes.remove(id);
        } else {
          homes.put(id, call.worker()); // where its run() now waits (another worker than before after a fallback)
        }
      }
      done.accept(r);
    });
  }

  private static Result result(PythonCall<String> call, Map<Long, Trigger.Python> batch, Path file) {
    JsonNode answer;
    try {
      answer = JSON.readTree(call.await());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Set.copyOf(batch.keySet()), Map.of(), Map.of(), Map.of());
    } catch (IOException | RuntimeException e) {
      // The DAG file no longer loads, or the worker died: the tasks fail with why rather than wait forever.
      return failAll(batch, "the trigger could not run (the DAG file " + file + " must load in the triggerer): "
          + e.getMessage());
    }
    if (!"triggers".equals(answer.path("kind").asText())) {
      return failAll(batch, answer.path("exception_type").asText("Error") + ": " + answer.path("message").asText());
    }
    Map<Long, String> events = new LinkedHashMap<>();
    Map<Long, String> ends = new LinkedHashMap<>();
    Map<Long, String> errors = new LinkedHashMap<>();
    answer.path("results").properties().forEach(e -> {
      long id = Long.parseLong(e.getKey());
      JsonNode r = e.getValue();
      if (r.has("event")) {
        events.put(id, r.get("event").toString());
      } else if (r.has("end")) {
        ends.put(id, JSON.createObjectNode().put("state", r.get("end").asText()).set("xcoms", r.path("xcoms"))
            .toString());
      } else {
        String traceback = r.path("traceback").asText("");
        if (!traceback.isBlank()) {
          LOG.warn("trigger {} raised:\n{}", id, traceback.stripTrailing());
        }
        errors.put(id, r.path("error").asText("the trigger failed"));
      }
    });
    return new Result(Set.copyOf(batch.keySet()), events, ends, errors);
  }

  /** The envelope {@code _runner._answer} reads: {@code {"ok": value}} or {@code {"error": message}}. */
  private static String answer(java.util.function.Supplier<Object> value) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    try {
      envelope.put("ok", value.get());
    } catch (RuntimeException e) {
      envelope.put("error", String.valueOf(e.getMessage()));
    }
    try {
      return JSON.writeValueAsString(envelope);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "{\"error\": \"the value is not JSON\"}";
    }
  }

  private static Result failAll(Map<Long, Trigger.Python> batch, String message) {
    Map<Long, String> errors = new LinkedHashMap<>();
    batch.keySet().forEach(id -> errors.put(id, message));
    return new Result(Set.copyOf(batch.keySet()), Map.of(), Map.of(), errors);
  }

  /**
   * A trigger reads Variables and connections as a Python task does (from the stores, when given); it has no XCom
   * (it runs outside its task's try); what it prints goes to the daemon's log.
   */
  private TaskBridge bridge(TriggerStore.Origin origin) {
    String refused = "{\"error\": \"a trigger runs outside its task's try: pass what it needs in its kwargs\"}";
    return new TaskBridge() {
      @Override
      public String xcomPull(String queryJson) {
        return refused;
      }

      @Override
      public String xcomPush(String key, String valueJson) {
        return refused;
      }

      @Override
      public String variable(String key) {
        if (variables == null) {
          return refused;
        }
        return answer(() -> variables.get(key).map(VariableStore.Variable::val).orElse(null));
      }

      @Override
      public String connection(String connId) {
        if (connections == null) {
          return refused;
        }
        return answer(() -> connections.get(connId).map(Connection::asMap).orElse(null));
      }

      @Override
      public void log(String line) {
        LOG.info("[trigger of {}.{}] {}", origin.dagId(), origin.taskId(), line);
      }
    };
  }
}
