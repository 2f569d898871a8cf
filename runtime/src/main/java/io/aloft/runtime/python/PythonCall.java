package io.aloft.runtime.python;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A Python call submitted to the {@link PythonContextPool}: wait for it with {@link #await}, stop it with
 * {@link #cancel} from any thread (its context is closed and replaced). Thread-safe.
 */
public final class PythonCall<T> {

  final CompletableFuture<T> future = new CompletableFuture<>();
  private volatile WarmContext running;
  private volatile PythonStoppedException.Reason stop;

  void started(WarmContext context) {
    running = context;
    if (stop != null) {
      context.cancel();
    }
  }

  PythonStoppedException.Reason stopReason() {
    return stop;
  }

  void stop(PythonStoppedException.Reason reason) {
    if (stop == null) {
      stop = reason;
    }
    WarmContext context = running;
    if (context != null) {
      context.cancel();
    }
  }

  /** Stops the call if it still runs; {@link #await} then throws a {@link PythonStoppedException}. */
  public void cancel() {
    stop(PythonStoppedException.Reason.CANCELLED);
  }

  /**
   * Waits for the result; the caller's interruption cancels the call.
   *
   * @throws PythonStoppedException when the call was stopped (time limit, {@link #cancel}, the guest's exit)
   * @throws org.graalvm.polyglot.PolyglotException when the Python code raised out of the call
   */
  public T await() throws InterruptedException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      cancel();
      throw e;
    } catch (CancellationException e) {
      throw new PythonStoppedException(PythonStoppedException.Reason.CANCELLED, "cancelled");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
