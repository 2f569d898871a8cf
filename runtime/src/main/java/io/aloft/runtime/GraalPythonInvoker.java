package io.aloft.runtime;

import io.aloft.runtime.dagfile.PythonTaskRequest;
import io.aloft.runtime.dagfile.PythonTaskRunner;
import io.aloft.runtime.dagfile.TaskCallbacks;
import io.aloft.runtime.dagfile.TaskOutcome;
import io.aloft.runtime.execution.BranchDecision;
import io.aloft.runtime.execution.PythonInvoker;
import io.aloft.runtime.execution.TryOutcome;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Python tasks through the dagfile package's {@link PythonTaskRunner}: XCom and log callbacks go to
 * the try's context; the runner's outcomes become the executor's.
 */
final class GraalPythonInvoker implements PythonInvoker {

  private final PythonTaskRunner runner;
  private final Map<TaskIdentity, PythonTaskRunner.Execution> running = new ConcurrentHashMap<>();

  GraalPythonInvoker(PythonTaskRunner runner) {
    this.runner = runner;
  }

  @Override
  public TryOutcome execute(PythonTry call) throws Exception {
    return switch (call(call)) {
      case TaskOutcome.Returned r -> new TryOutcome.Success(r.value());
      case TaskOutcome.Branch b -> new TryOutcome.Branched(BranchDecision.only(b.followTaskIds()), b.value());
      case TaskOutcome.ShortCircuit s -> new TryOutcome.ShortCircuited(s.condition(), s.ignoreDownstreamTriggerRules(), s.value());
      case TaskOutcome.SensorPoke p -> p.done()
          ? new TryOutcome.Success(p.xcomValue())
          : new TryOutcome.Failed("the sensor's condition is not met", false);
      case TaskOutcome.Skipped s -> new TryOutcome.Skipped(s.message());
      case TaskOutcome.Failed f -> failed(call.ctx(), f);
    };
  }

  @Override
  public PokeResult poke(PythonTry call) throws Exception {
    TaskOutcome o = call(call);
    return switch (o) {
      case TaskOutcome.SensorPoke p -> new PokeResult(p.done(), p.xcomValue());
      case TaskOutcome.Returned r -> new PokeResult(truthy(r.value()), null);
      case TaskOutcome.Skipped s -> throw new io.aloft.sdk.TaskSkipException(s.message());
      case TaskOutcome.Failed f -> {
        TryOutcome.Failed failed = failed(call.ctx(), f);
        if (failed.noRetry()) {
          throw new io.aloft.sdk.TaskFailException(failed.message());
        }
        throw new IllegalStateException(failed.message());
      }
      default -> throw new IllegalStateException("unexpected outcome of a sensor's poke: " + o);
    };
  }

  private TaskOutcome call(PythonTry call) throws InterruptedException {
    TaskContext ctx = call.ctx();
    PythonTaskRequest request =
        new PythonTaskRequest(
            Path.of(call.dag().fileloc()), call.dag().dagId(), call.task().taskId(), call.mapIndex(), call.args(),
            call.airflowContext(), Optional.empty());
    PythonTaskRunner.Execution ex = runner.start(request, callbacks(ctx));
    running.put(ctx.identity(), ex);
    try {
      return ex.await();
    } finally {
      running.remove(ctx.identity());
    }
  }

  @Override
  public void cancel(TaskContext ctx) {
    PythonTaskRunner.Execution ex = running.get(ctx.identity());
    if (ex != null) {
      ex.cancel();
    }
  }

  private static TryOutcome.Failed failed(TaskContext ctx, TaskOutcome.Failed f) {
    if (f.traceback() != null && !f.traceback().isBlank()) {
      ctx.log().error(f.traceback().stripTrailing());
    }
    String msg = f.exceptionType() + (f.message() == null || f.message().isBlank() ? "" : ": " + f.message());
    return new TryOutcome.Failed(msg, f.noRetry());
  }

  private static boolean truthy(Object v) {
    if (v == null || Boolean.FALSE.equals(v)) {
      return false;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof java.util.Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  private static TaskCallbacks callbacks(TaskContext ctx) {
    return new TaskCallbacks() {
      @Override
      public Object xcomPull(Object taskIds, String key, Object mapIndexes) {
        String k = key == null ? "return_value" : key;
        if (taskIds instanceof String id) {
          return ctx.xcom().pull(id, k).orElse(null);
        }
        if (taskIds instanceof List<?> ids) {
          List<Object> out = new ArrayList<>();
          for (Object id : ids) {
            out.add(ctx.xcom().pull(String.valueOf(id), k).orElse(null));
          }
          return out;
        }
        return null;
      }

      @Override
      public void xcomPush(String key, Object value) {
        ctx.xcom().push(key, value);
      }

      @Override
      public void log(String line) {
        ctx.log().output(line);
      }
    };
  }
}
