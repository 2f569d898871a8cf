package io.aloft.runtime.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.python.DagModules;
import io.aloft.runtime.python.PythonCall;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.PythonStoppedException;
import io.aloft.runtime.python.TaskBridge;
import io.aloft.sdk.Connection;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskSkipException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Python tasks (a PythonOperator callable, a TaskFlow function, a custom operator's {@code execute}, a
 * Python sensor's {@code poke}) in the {@link PythonHost} (a worker process of the daemon's, by default), with the
 * task's DAG file loaded. A task that kills its worker process fails its try (retried per {@code retries}). The
 * callable sees an Airflow-like context ({@code ti.xcom_pull}, {@code dag_run.conf}, {@code params}, {@code
 * ds}...) and gets the keyword arguments its signature asks for; {@code ti.xcom_*}, {@code Variable.get} and
 * its {@code print}/{@code logging} output go to the try's {@link TaskContext}. What the task did comes back
 * as the executor's own {@link TryOutcome} (a poke as the SDK's {@link PokeResult}, as for Java sensors).
 *
 * <p>Thread-safe: tries run concurrently up to the pool's size, each blocking its caller. {@link #cancel}
 * stops a try (execution_timeout, kill); the context that ran it is closed and replaced.
 */
public final class GraalPythonInvoker implements PythonInvoker {

  private static final ObjectMapper JSON = SpecJson.mapper();

  /**
   * Asked before a try loads its DAG file: whether this version of the file may run here. A worker on another
   * machine checks that its copy is the one the scheduler parsed ({@code io.aloft.runtime.worker.DagVersions}).
   */
  @FunctionalInterface
  public interface FileCheck {
    /** Every version may run: a process that parses its DAG files itself. */
    FileCheck NONE = (fileloc, hash) -> Optional.empty();

    /** Why the file at {@code fileloc}, whose bytes hash to {@code hash}, must not run; empty when it may. */
    Optional<String> refusal(String fileloc, String hash) throws InterruptedException;
  }

  private final PythonHost pool;
  private final FileCheck fileCheck;
  private final Map<TaskIdentity, PythonCall<String>> running = new ConcurrentHashMap<>();

  public GraalPythonInvoker(PythonHost pool) {
    this(pool, FileCheck.NONE);
  }

  public GraalPythonInvoker(PythonHost pool, FileCheck fileCheck) {
    this.pool = pool;
    this.fileCheck = fileCheck;
  }

  @Override
  public TryOutcome execute(PythonTry call) throws InterruptedException {
    JsonNode o = call(call);
    if ("poke".equals(kind(o))) {
      return o.get("done").asBoolean()
          ? new TryOutcome.Success(plain(o.get("xcom_value")))
          : new TryOutcome.Failed("the sensor's condition is not met", false);
    }
    return outcome(o, call.ctx());
  }

  @Override
  public PokeResult poke(PythonTry call) throws InterruptedException {
    JsonNode o = call(call);
    if ("poke".equals(kind(o))) {
      return new PokeResult(o.get("done").asBoolean(), plain(o.get("xcom_value")));
    }
    return switch (outcome(o, call.ctx())) {
      case TryOutcome.Success s -> new PokeResult(truthy(s.value()), null);
      case TryOutcome.Skipped s -> throw new TaskSkipException(s.reason());
      case TryOutcome.Failed f when f.noRetry() -> throw new TaskFailException(f.message());
      case TryOutcome.Failed f -> throw new IllegalStateException(f.message());
      case TryOutcome other -> throw new IllegalStateException("unexpected outcome of a sensor's poke: " + other);
    };
  }

  @Override
  public void cancel(TaskContext ctx) {
    PythonCall<String> call = running.get(ctx.identity());
    if (call != null) {
      call.cancel();
    }
  }

  /** Runs the try in a pooled context; answers the outcome JSON of {@code _runner.run_task}. */
  private JsonNode call(PythonTry call) throws InterruptedException {
    TaskContext ctx = call.ctx();
    Path file = Path.of(call.dag().fileloc()).toAbsolutePath().normalize();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return failed("FileNotFoundError", "cannot read the DAG file " + file + ": " + e);
    }
    String fileHash = DagModules.hash(bytes);
    // A plain failure, retried per retries: another worker (or this one, once redeployed) may hold the right copy.
    Optional<String> refused = fileCheck.refusal(call.dag().fileloc(), fileHash);
    if (refused.isPresent()) {
      return failed("AloftDagVersionMismatch", refused.get());
    }
    String source = new String(bytes, StandardCharsets.UTF_8);
    String moduleName = DagModules.name(file, fileHash);
    Map<String, Object> context = new LinkedHashMap<>(call.airflowContext());
    context.putIfAbsent("map_index", call.mapIndex());
    String request;
    try {
      request = JSON.writeValueAsString(Map.of("arguments", call.args(), "context", context));
    } catch (JsonProcessingException e) {
      return failed("TypeError", "the task's arguments are not JSON: " + e.getOriginalMessage());
    }
    TaskBridge bridge = bridge(ctx);
    PythonCall<String> running = pool.runTask(
        new PythonHost.TaskCall(source, file.toString(), moduleName, call.dag().dagId(), call.task().taskId(), request),
        bridge);
    this.running.put(ctx.identity(), running);
    try {
      JsonNode outcome = JSON.readTree(running.await());
      if (outcome.get("template_context") instanceof ObjectNode extras && ctx instanceof TryContext t) {
        @SuppressWarnings("unchecked")
        Map<String, Object> names = (Map<String, Object>) plain(extras);
        t.templateExtras(names);
      }
      return outcome;
    } catch (PythonStoppedException e) {
      return switch (e.reason()) {
        case TIMEOUT -> failed("AirflowTaskTimeout", "Timeout: the task ran longer than its execution_timeout");
        case CANCELLED -> failed("AirflowTaskTerminated", "the task was stopped");
        case EXITED -> failed("SystemExit", e.getMessage());
        case WORKER_DIED -> failed("AloftWorkerDied", "the Python worker process died while running the task ("
            + e.getMessage() + "): the task killed its process (os.kill, a signal) or exhausted its memory "
            + "(ALOFT_PYTHON_WORKER_HEAP); a new worker took its place, and the try is retried per retries");
      };
    } catch (JsonProcessingException e) {
      return failed("AloftError", "unreadable task outcome: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // Only loading the DAG file raises out of Python; the task's own errors come back as outcomes.
      return failed("ImportError", "the DAG file could not be loaded: " + e.getMessage()).put("traceback", e.toString());
    } finally {
      this.running.remove(ctx.identity());
    }
  }

  private static String kind(JsonNode o) {
    return o.path("kind").asText();
  }

  /** The outcome JSON as the executor's outcome; a failure's traceback goes to the try's log. */
  private static TryOutcome outcome(JsonNode o, TaskContext ctx) {
    return switch (kind(o)) {
      case "returned" -> new TryOutcome.Success(plain(o.get("value")), outletEvents(o));
      case "branch" -> {
        List<String> ids = new ArrayList<>();
        o.get("task_ids").forEach(n -> ids.add(n.asText()));
        yield new TryOutcome.Branched(BranchDecision.only(ids), plain(o.get("value")));
      }
      case "short_circuit" -> new TryOutcome.ShortCircuited(o.get("condition").asBoolean(),
          o.get("ignore_downstream_trigger_rules").asBoolean(), plain(o.get("value")));
      case "skipped" -> new TryOutcome.Skipped(o.get("message").asText());
      case "deferred" -> deferred(o);
      case "failed" -> {
        String traceback = o.path("traceback").asText("");
        if (!traceback.isBlank()) {
          ctx.log().error(traceback.stripTrailing());
        }
        String message = o.path("message").asText("");
        yield new TryOutcome.Failed(o.get("exception_type").asText() + (message.isBlank() ? "" : ": " + message),
            o.path("no_retry").asBoolean());
      }
      default -> new TryOutcome.Failed("AloftError: unknown task outcome " + o, false);
    };
  }

  /** The outcome's {@code outlet_extras} and {@code alias_events} (see {@code _runner._outlet_events}). */
  @SuppressWarnings("unchecked")
  private static OutletEvents outletEvents(JsonNode o) {
    JsonNode extras = o.get("outlet_extras");
    JsonNode aliases = o.get("alias_events");
    if ((extras == null || extras.isEmpty()) && (aliases == null || aliases.isEmpty())) {
      return OutletEvents.NONE;
    }
    Map<String, Map<String, Object>> byUri = new LinkedHashMap<>();
    if (extras != null) {
      extras.properties().forEach(e -> byUri.put(e.getKey(), (Map<String, Object>) plain(e.getValue())));
    }
    List<OutletEvents.AliasEvent> events = new ArrayList<>();
    if (aliases != null) {
      for (JsonNode a : aliases) {
        List<String> names = new ArrayList<>();
        a.path("aliases").forEach(n -> names.add(n.asText()));
        events.add(new OutletEvents.AliasEvent(
            a.get("uri").asText(), (Map<String, Object>) plain(a.get("extra")), names));
      }
    }
    return new OutletEvents(byUri, events);
  }

  /** self.defer(...): the trigger must be one the Java triggerer runs, or the try fails saying so. */
  private static TryOutcome deferred(JsonNode o) {
    String classpath = o.path("classpath").asText();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> kwargs = (Map<String, Object>) plain(o.get("trigger_kwargs"));
      io.aloft.runtime.trigger.Trigger trigger =
          io.aloft.runtime.trigger.Trigger.parse(classpath, kwargs == null ? Map.of() : kwargs);
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) plain(o.get("kwargs"));
      JsonNode timeout = o.get("timeout_seconds");
      return new TryOutcome.Deferred(trigger, o.path("method").asText("execute_complete"),
          next == null ? Map.of() : next,
          timeout == null || timeout.isNull() ? null : java.time.Duration.ofMillis(Math.round(timeout.asDouble() * 1000)));
    } catch (IllegalArgumentException e) {
      return new TryOutcome.Failed("TaskDeferralError: " + e.getMessage(), true);
    }
  }

  private static ObjectNode failed(String type, String message) {
    return JSON.createObjectNode().put("kind", "failed").put("exception_type", type).put("message", message)
        .put("no_retry", false);
  }

  private static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return JSON.convertValue(node, Object.class);
  }

  private static boolean truthy(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }

  /** The task's callbacks, answered from the try's context. */
  private static TaskBridge bridge(TaskContext ctx) {
    return new TaskBridge() {
      @Override
      public String xcomPull(String queryJson) {
        return answer(() -> {
          JsonNode q = JSON.readTree(queryJson);
          if (q.has("render_template") && ctx instanceof TryContext t) {
            // A task's own render_template(...) call (see _core.BaseOperator.render_template): it travels on the
            // XCom-pull callback, the one that already carries a JSON question and answer, so the Python worker
            // protocol needs no call of its own for it.
            @SuppressWarnings("unchecked")
            Map<String, Object> extras = (Map<String, Object>) plain(q.get("context"));
            return t.renderTemplate(plain(q.get("render_template")), extras);
          }
          String key = q.path("key").asText("return_value");
          Object taskIds = plain(q.get("task_ids"));
          if (ctx instanceof TryContext t) {
            return t.xcomPull(taskIds, key, plain(q.get("map_indexes")), null);
          }
          if (taskIds instanceof String id) {
            return ctx.xcom().pull(id, key).orElse(null);
          }
          if (taskIds instanceof List<?> ids) {
            List<Object> out = new ArrayList<>();
            for (Object id : ids) {
              out.add(ctx.xcom().pull(String.valueOf(id), key).orElse(null));
            }
            return out;
          }
          return null;
        });
      }

      @Override
      public String xcomPush(String key, String valueJson) {
        return answer(() -> {
          ctx.xcom().push(key, JSON.readValue(valueJson, Object.class));
          return null;
        });
      }

      @Override
      public String variable(String key) {
        return answer(() -> ctx.variable(key).orElse(null));
      }

      @Override
      public String connection(String connId) {
        return answer(() -> ctx.connection(connId).map(Connection::asMap).orElse(null));
      }

      @Override
      public void log(String line) {
        ctx.log().output(line);
      }
    };
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
