package io.aloft.runtime.dagfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.SpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Runs one Python task try (a PythonOperator callable, a TaskFlow function, a custom operator's {@code
 * execute}, a Python sensor's {@code poke}) in a pooled GraalPy context that has the task's DAG file loaded.
 * The callable sees an Airflow-like context ({@code ti.xcom_pull}, {@code dag_run.conf}, {@code params},
 * {@code ds}...) and gets the keyword arguments its signature asks for; its {@code print} and {@code
 * logging} output goes to {@link TaskCallbacks#log}.
 *
 * <p>Thread-safe: tries run concurrently up to the pool's size, each blocking its caller. Stop a try with
 * {@link Execution#cancel()} or let {@link PythonTaskRequest#executionTimeout()} do it; the context that ran
 * it is closed and replaced.
 *
 * <pre>{@code
 * PythonTaskRunner runner = new PythonTaskRunner(pool);
 * TaskOutcome outcome = runner.run(new PythonTaskRequest(file, "etl", "transform", -1,
 *     renderedArgs, context, Optional.of(Duration.ofMinutes(5))), callbacks);
 * switch (outcome) {
 *   case TaskOutcome.Returned r -> xcoms.push("return_value", r.value());
 *   case TaskOutcome.Failed f -> ...
 *   ...
 * }
 * }</pre>
 */
public final class PythonTaskRunner {

  private static final ObjectMapper JSON = SpecJson.mapper();

  private final PythonContextPool pool;

  public PythonTaskRunner(PythonContextPool pool) {
    this.pool = pool;
  }

  /** Runs the try and waits for its outcome. Interrupting the caller cancels the try. */
  public TaskOutcome run(PythonTaskRequest request, TaskCallbacks callbacks) throws InterruptedException {
    return start(request, callbacks).await();
  }

  /** Starts the try on a pool thread; the returned handle waits for it or stops it. */
  public Execution start(PythonTaskRequest request, TaskCallbacks callbacks) {
    Path file = request.file().toAbsolutePath().normalize();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return new Execution(null, failed("FileNotFoundError", "cannot read the DAG file " + file + ": " + e, false));
    }
    String source = new String(bytes, StandardCharsets.UTF_8);
    String moduleName = DagFileProcessor.moduleName(file, DagFileProcessor.hash(bytes));
    Map<String, Object> context = new LinkedHashMap<>(request.context());
    context.putIfAbsent("map_index", request.mapIndex());
    String requestJson;
    try {
      requestJson = JSON.writeValueAsString(Map.of("arguments", request.arguments(), "context", context));
    } catch (JsonProcessingException e) {
      return new Execution(null, failed("TypeError", "the task's arguments are not JSON: " + e.getOriginalMessage(),
          false));
    }
    ProxyExecutable pull = args -> answer(() -> {
      JsonNode q = JSON.readTree(args[0].asString());
      return callbacks.xcomPull(plain(q.get("task_ids")), q.get("key").asText("return_value"),
          plain(q.get("map_indexes")));
    });
    ProxyExecutable push = args -> answer(() -> {
      callbacks.xcomPush(args[0].asString(), JSON.readValue(args[1].asString(), Object.class));
      return null;
    });
    ProxyExecutable variable = args -> answer(() -> callbacks.variable(args[0].asString()));
    ProxyExecutable log = args -> {
      callbacks.log(args[0].asString());
      return null;
    };
    PythonCall<String> call = pool.submit(ctx -> {
      ctx.ensureLoaded(source, file.toString(), moduleName);
      Value out = ctx.runTask(moduleName, request.dagId(), request.taskId(), requestJson, pull, push, log,
          variable);
      return out.asString();
    }, request.executionTimeout().orElse(null));
    return new Execution(call, null);
  }

  /** A running try. */
  public static final class Execution {
    private final PythonCall<String> call;
    private final TaskOutcome immediate;

    private Execution(PythonCall<String> call, TaskOutcome immediate) {
      this.call = call;
      this.immediate = immediate;
    }

    /** Stops the try if it still runs; {@link #await()} then returns a {@code Failed} outcome. */
    public void cancel() {
      if (call != null) {
        call.cancel();
      }
    }

    /** Waits for the outcome. Interrupting the caller cancels the try. */
    public TaskOutcome await() throws InterruptedException {
      if (immediate != null) {
        return immediate;
      }
      try {
        return outcome(call.await());
      } catch (PythonStoppedException e) {
        return switch (e.reason()) {
          case TIMEOUT -> failed("AirflowTaskTimeout", "Timeout: the task ran longer than its execution_timeout", false);
          case CANCELLED -> failed("AirflowTaskTerminated", "the task was stopped", false);
          case EXITED -> failed("SystemExit", e.getMessage(), false);
        };
      } catch (PolyglotException e) {
        // Only loading the DAG file raises out of Python; task errors come back as outcomes.
        return new TaskOutcome.Failed("ImportError", "the DAG file could not be loaded: " + e.getMessage(),
            String.valueOf(e), false);
      }
    }
  }

  private static TaskOutcome outcome(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      return switch (o.get("kind").asText()) {
        case "returned" -> new TaskOutcome.Returned(plain(o.get("value")));
        case "branch" -> {
          List<String> ids = new ArrayList<>();
          o.get("task_ids").forEach(n -> ids.add(n.asText()));
          yield new TaskOutcome.Branch(ids, plain(o.get("value")));
        }
        case "short_circuit" -> new TaskOutcome.ShortCircuit(o.get("condition").asBoolean(),
            o.get("ignore_downstream_trigger_rules").asBoolean(), plain(o.get("value")));
        case "poke" -> new TaskOutcome.SensorPoke(o.get("done").asBoolean(), plain(o.get("xcom_value")));
        case "skipped" -> new TaskOutcome.Skipped(o.get("message").asText());
        case "failed" -> new TaskOutcome.Failed(o.get("exception_type").asText(), o.get("message").asText(),
            o.get("traceback").asText(), o.get("no_retry").asBoolean());
        default -> failed("AloftError", "unknown task outcome " + json, false);
      };
    } catch (JsonProcessingException e) {
      return failed("AloftError", "unreadable task outcome: " + e.getOriginalMessage(), false);
    }
  }

  private static TaskOutcome.Failed failed(String type, String message, boolean noRetry) {
    return new TaskOutcome.Failed(type, message, "", noRetry);
  }

  private static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return JSON.convertValue(node, Object.class);
  }

  private interface JsonAnswer {
    Object get() throws Exception;
  }

  /** Callback results travel as {"ok": value} or {"error": message}, so Java errors become Python ones. */
  private static String answer(JsonAnswer answer) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    try {
      envelope.put("ok", answer.get());
    } catch (Exception e) {
      envelope.put("error", String.valueOf(e.getMessage()));
    }
    try {
      return JSON.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      return "{\"error\": \"the XCom value is not JSON: " + e.getOriginalMessage().replace("\"", "'") + "\"}";
    }
  }
}
