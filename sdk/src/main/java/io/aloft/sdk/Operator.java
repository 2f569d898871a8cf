package io.aloft.sdk;

/**
 * One task try's work. The runtime calls {@link #execute} once per try on its own virtual thread; the
 * returned value (a JSON shape, or {@code null}) becomes the {@code return_value} XCom unless the task
 * turned XCom pushing off.
 *
 * <p>Outcomes: returning normally is success; throwing {@link TaskSkipException} marks the try skipped;
 * {@link TaskFailException} fails it without retrying; any other exception fails the try and retries it
 * while retries remain. When the try is stopped (timeout, run stopped, daemon shutdown) the runtime
 * interrupts the thread and calls {@link #onKill} from another thread: release external resources there.
 *
 * <pre>{@code
 * Operator hello = ctx -> {
 *   ctx.log().info("hello from " + ctx.identity().taskId());
 *   return 42;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Operator {

  Object execute(TaskContext context) throws Exception;

  /** Stops external work this try started (a process, a container). Default: nothing to stop. */
  default void onKill(TaskContext context) {}
}
