package io.aloft.runtime.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.python.DagModules;
import io.aloft.runtime.python.PythonCall;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.TaskBridge;
import io.aloft.runtime.store.TriggerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Trigger.Python} triggers (a {@code BaseTrigger} subclass's {@code async def run()}) for the {@link
 * Triggerer} in the daemon's Python host (its worker processes), by polling: one {@link #look} re-creates a batch
 * of triggers of one DAG file from their serialized form and runs all their {@code run()} coroutines together in
 * one asyncio loop for at most {@link #SLICE}; those that yielded a {@code TriggerEvent} fire, those that raised
 * fail their task, and the others are cancelled and looked at again later. So a Python trigger holds no worker and
 * no thread while it waits, however many wait, and a daemon restart loses none (each look starts from the stored
 * form). The cost: {@code run()} must reach its first check within the slice — a trigger that sleeps for longer
 * than the slice before it first checks never fires (Airflow also restarts {@code run()} from the serialized form
 * whenever a triggerer restarts, so triggers are written to check first, then sleep).
 *
 * <p>Threading: {@link #look} returns at once; {@code done} runs on a thread of the host's when the look ends.
 */
public final class PythonTriggerRuns {

  private static final Logger LOG = LoggerFactory.getLogger(PythonTriggerRuns.class);
  private static final ObjectMapper JSON = SpecJson.mapper();
  /** How long one look lets the batch's coroutines run before those still waiting are cancelled. */
  static final Duration SLICE = Duration.ofSeconds(2);
  /** How long after a look ends the triggers still waiting are looked at again. */
  static final Duration INTERVAL = Duration.ofSeconds(3);

  /**
   * What one look found: the events ({@code {"event": payload}}'s payload as JSON) and errors (a message the task
   * fails with) by trigger id; triggers in neither still wait.
   */
  public record Result(Map<Long, String> events, Map<Long, String> errors) {}

  private final PythonHost host;

  public PythonTriggerRuns(PythonHost host) {
    this.host = host;
  }

  /**
   * Starts one bounded look at {@code batch}, triggers whose tasks are all of {@code origin}'s DAG file; {@code done}
   * gets what it found (every trigger fails with the reason when the file cannot be read or the look fails).
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
    List<Map<String, Object>> triggers = new ArrayList<>();
    batch.forEach((id, t) -> triggers.add(Map.of("id", id, "classpath", t.classpath(), "kwargs", t.kwargs())));
    String request;
    try {
      request = JSON.writeValueAsString(Map.of("triggers", triggers, "slice_seconds", SLICE.toMillis() / 1000.0));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      done.accept(failAll(batch, "the trigger's arguments are not JSON: " + e.getOriginalMessage()));
      return;
    }
    PythonCall<String> call;
    try {
      call = host.runTask(new PythonHost.TaskCall(new String(bytes, StandardCharsets.UTF_8), file.toString(),
          DagModules.name(file, DagModules.hash(bytes)), origin.dagId(), origin.taskId(), request), logOnly(origin));
    } catch (RuntimeException e) {
      done.accept(failAll(batch, "the Python host could not run the trigger: " + e.getMessage()));
      return;
    }
    call.whenDone(() -> done.accept(result(call, batch, file)));
  }

  private static Result result(PythonCall<String> call, Map<Long, Trigger.Python> batch, Path file) {
    JsonNode answer;
    try {
      answer = JSON.readTree(call.await());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Map.of(), Map.of());
    } catch (IOException | RuntimeException e) {
      // The DAG file no longer loads, or the worker died: the tasks fail with why rather than wait forever.
      return failAll(batch, "the trigger could not run (the DAG file " + file + " must load in the triggerer): "
          + e.getMessage());
    }
    if (!"triggers".equals(answer.path("kind").asText())) {
      return failAll(batch, answer.path("exception_type").asText("Error") + ": " + answer.path("message").asText());
    }
    Map<Long, String> events = new LinkedHashMap<>();
    Map<Long, String> errors = new LinkedHashMap<>();
    answer.path("results").properties().forEach(e -> {
      long id = Long.parseLong(e.getKey());
      JsonNode r = e.getValue();
      if (r.has("event")) {
        events.put(id, r.get("event").toString());
      } else {
        String traceback = r.path("traceback").asText("");
        if (!traceback.isBlank()) {
          LOG.warn("trigger {} raised:\n{}", id, traceback.stripTrailing());
        }
        errors.put(id, r.path("error").asText("the trigger failed"));
      }
    });
    return new Result(events, errors);
  }

  private static Result failAll(Map<Long, Trigger.Python> batch, String message) {
    Map<Long, String> errors = new LinkedHashMap<>();
    batch.keySet().forEach(id -> errors.put(id, message));
    return new Result(Map.of(), errors);
  }

  /** A trigger has no XCom, variables or connections of a try; what it prints goes to the daemon's log. */
  private static TaskBridge logOnly(TriggerStore.Origin origin) {
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
        return refused;
      }

      @Override
      public String connection(String connId) {
        return refused;
      }

      @Override
      public void log(String line) {
        LOG.info("[trigger of {}.{}] {}", origin.dagId(), origin.taskId(), line);
      }
    };
  }
}
