package io.aloft.sdk;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a running operator may ask of the runtime for one task try.
 *
 * <p>Threading: a context belongs to one try and is used from that try's virtual thread; {@link
 * #isCancelled()} may be read from any thread. Lifecycle: valid from the call to {@link Operator#execute}
 * until it returns; do not keep it.
 *
 * <pre>{@code
 * Object execute(TaskContext ctx) {
 *   ctx.registerSecret(password);                 // masked as *** in the try's log from now on
 *   ctx.log().info("training " + ctx.conf().get("model"));
 *   ctx.xcom().push("metrics", Map.of("f1", 0.91));
 *   return "done";
 * }
 * }</pre>
 */
public interface TaskContext {

  /** Which dag, run, task, map index and try this is. */
  TaskIdentity identity();

  /**
   * True when this try was started before by a daemon that stopped, and is now picked up again: work it
   * began outside the daemon (a container) may still exist and should be re-attached to rather than
   * started twice. False for a fresh try, which can skip looking for such work.
   */
  default boolean resumed() {
    return false;
  }

  /** The run's logical date and data interval. */
  default RunInfo run() {
    throw new UnsupportedOperationException("this TaskContext does not know its run");
  }

  /** The try's log. Every registered secret is masked in what it writes. */
  TaskLog log();

  /** XCom of this run. */
  XCom xcom();

  /** The run's {@code conf} (the trigger's request body), read-only. */
  Map<String, Object> conf();

  /** A variable from the store. */
  Optional<String> variable(String key);

  /** A connection from the store, or empty when none has that id. */
  Optional<Connection> connection(String connId);

  /** Pools of the store: read and resize them (GPU pool setup does). */
  Pools pools();

  /** Task instances of any run in the store, for sensors that watch other tasks. */
  List<TaskInstanceView> taskInstances(String dagId, String taskId);

  /** Marks a value as secret: from now on it is replaced by {@code ***} in logs and rendered fields. */
  void registerSecret(String value);

  /** Tells the runtime this try is alive (long work calls it now and then). */
  void heartbeat();

  /** True once the runtime wants this try to stop (timeout, run stopped, shutdown). */
  boolean isCancelled();

  /** The clock to read time from; tests drive it. */
  Clock clock();

  /** Plugin-level settings handed over by the runtime configuration ({@code ALOFT_*} values a plugin reads). */
  Map<String, String> settings();

  /**
   * The own tables of the plugin whose operator runs this try (its schema, made by its
   * {@link io.aloft.sdk.extension.PluginExtension#migrations()}): one transaction per call. The engine's own tables
   * are not reachable through it.
   *
   * @throws UnsupportedOperationException for operators that no plugin contributed, or a context without database
   */
  default io.aloft.sdk.extension.PluginServices.PluginDatabase pluginDatabase() {
    throw new UnsupportedOperationException("this TaskContext has no plugin database");
  }
}
