package io.aloft.runtime.python;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A Python call submitted to a {@link PythonHost}: wait for it with {@link #await}, stop it with {@link #cancel}
 * from any thread (in-process, its context is closed and replaced; in a worker process, the worker is told to do
 * that). Thread-safe.
 */
public final class PythonCall<T> {

  final CompletableFuture<T> future = new CompletableFuture<>();
  /** Stops the running call for the given reason; set once the call has a context (or a worker). */
  private volatile Consumer<PythonStoppedException.Reason> stopper;
  private volatile PythonStoppedException.Reason stop;
  /** The worker that ran the call (1 to the host's size), or 0 where the host does not say. */
  private volatile int worker;

  /** A call that the host completes itself ({@link #complete}, {@link #fail}): the worker host's calls. */
  public static <T> PythonCall<T> pending() {
    return new PythonCall<>();
  }

  void started(WarmContext context) {
    started(reason -> context.cancel());
  }

  /**
   * The call now runs; {@code stopper} stops it (called at once when it was stopped before it started). Called
   * once, by the host.
   */
  public void started(Consumer<PythonStoppedException.Reason> stopper) {
    this.stopper = stopper;
    PythonStoppedException.Reason reason = stop;
    if (reason != null) {
      stopper.accept(reason);
    }
  }

  /** Records which worker runs the call (the host's side; see {@link PythonHost#runTaskOn}). */
  public void ranOn(int worker) {
    this.worker = worker;
  }

  /** The worker that ran the call (1 to the host's size), or 0 where the host does not say which. */
  public int worker() {
    return worker;
  }

  /** Why the call was stopped, or null. */
  public PythonStoppedException.Reason stopReason() {
    return stop;
  }

  /** Stops the call for {@code reason} (the first reason given wins). */
  public void stop(PythonStoppedException.Reason reason) {
    if (stop == null) {
      stop = reason;
    }
    Consumer<PythonStoppedException.Reason> s = stopper;
    if (s != null) {
      s.accept(reason);
    }
  }

  /** Ends the call with its result (the host's side). */
  public void complete(T result) {
    future.complete(result);
  }

  /** Ends the call with a failure (the host's side). */
  public void fail(RuntimeException failure) {
    future.completeExceptionally(failure);
  }

  /**
   * Runs {@code then} once the call has ended (at once when it has), on the thread that ended it: a worker process
   * answers the daemon from there, without waking another thread for it.
   */
  public void whenDone(Runnable then) {
    future.whenComplete((result, failure) -> then.run());
  }

  /** Whether the call has ended. */
  public boolean isDone() {
    return future.isDone();
  }

  /** Stops the call if it still runs; {@link #await} then throws a {@link PythonStoppedException}. */
  public void cancel() {
    stop(PythonStoppedException.Reason.CANCELLED);
  }

  /**
   * Waits for the result; the caller's interruption cancels the call.
   *
   * @throws PythonStoppedException when the call was stopped (time limit, {@link #cancel}, the guest's exit, the
   *     worker process died)
   * @throws PythonException when the Python code raised out of the call
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
