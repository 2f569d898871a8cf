package io.aloft.runtime.execution.builtin;

import io.aloft.runtime.trigger.DeferrableSensor;
import io.aloft.runtime.trigger.FileMatch;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.sdk.Connection;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Airflow's FileSensor: waits for a file or folder (glob patterns allowed) under the base path of the
 * {@code fs_conn_id} connection ({@code fs_default}: {@code /}); with {@code deferrable=True} the triggerer
 * watches the path between pokes (a FileTrigger) and the task holds no slot meanwhile.
 */
final class FileSensor implements DeferrableSensor {

  private final Args args;

  FileSensor(Map<String, Object> arguments) {
    this.args = new Args(arguments);
  }

  @Override
  public PokeResult poke(TaskContext ctx) throws IOException {
    Path full = path(ctx);
    ctx.log().info("Poking for file " + full);
    return FileMatch.exists(full, args.bool("recursive", false)) ? PokeResult.done(null) : PokeResult.notYet();
  }

  /** deferrable=True: Airflow's FileTrigger on the same path, polled by the triggerer every poke_interval. */
  @Override
  public Trigger trigger(TaskContext ctx, Instant pokeAgainAt) {
    Duration interval = Duration.between(ctx.clock().instant(), pokeAgainAt);
    return new Trigger.File(path(ctx).toString(), args.bool("recursive", false),
        interval.isNegative() || interval.isZero() ? Duration.ofSeconds(5) : interval);
  }

  private Path path(TaskContext ctx) {
    String connId = args.string("fs_conn_id") == null ? "fs_default" : args.string("fs_conn_id");
    Connection conn =
        ctx.connection(connId)
            .orElseThrow(
                () -> new IllegalStateException("connection '" + connId + "' does not exist: create it or use fs_default"));
    Object base = conn.extra() == null ? null : conn.extra().get("path");
    return Path.of(base == null ? "" : base.toString()).resolve(args.string("filepath"));
  }
}
