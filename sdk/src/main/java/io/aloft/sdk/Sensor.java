package io.aloft.sdk;

/**
 * An operator that waits for a condition. The runtime owns the waiting: it calls {@link #poke} every
 * {@code poke_interval} (holding the pool slot in {@code poke} mode, releasing it between pokes in
 * {@code reschedule} mode), applies {@code timeout}, {@code soft_fail}, {@code exponential_backoff} and
 * {@code max_wait}. Each call runs on a virtual thread; keep a poke short and side-effect free.
 *
 * <pre>{@code
 * Sensor fileThere = ctx -> Files.exists(Path.of("/data/ready"))
 *     ? PokeResult.done(null) : PokeResult.notYet();
 * }</pre>
 */
@FunctionalInterface
public interface Sensor extends Operator {

  PokeResult poke(TaskContext context) throws Exception;

  /**
   * A sensor executed outside the runtime's poke loop pokes once: done means success, not done fails.
   * The runtime never calls this for a sensor; it calls {@link #poke}.
   */
  @Override
  default Object execute(TaskContext context) throws Exception {
    PokeResult result = poke(context);
    if (!result.done()) {
      throw new IllegalStateException("the sensor's condition is not met");
    }
    return result.xcomValue();
  }
}
