package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Connection;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Airflow's FileSensor: waits for a file or folder (glob patterns allowed) under the base path of the
 * {@code fs_conn_id} connection ({@code fs_default}: {@code /}).
 */
final class FileSensor implements Sensor {

  private final Args args;

  FileSensor(Map<String, Object> arguments) {
    this.args = new Args(arguments);
  }

  @Override
  public PokeResult poke(TaskContext ctx) throws IOException {
    String connId = args.string("fs_conn_id") == null ? "fs_default" : args.string("fs_conn_id");
    Connection conn =
        ctx.connection(connId)
            .orElseThrow(
                () -> new IllegalStateException("connection '" + connId + "' does not exist: create it or use fs_default"));
    Object base = conn.extra() == null ? null : conn.extra().get("path");
    Path full = Path.of(base == null ? "" : base.toString()).resolve(args.string("filepath"));
    ctx.log().info("Poking for file " + full);
    if (!hasGlob(full.toString())) {
      if (Files.isDirectory(full) && args.bool("recursive", false)) {
        try (Stream<Path> s = Files.walk(full)) {
          return s.anyMatch(Files::isRegularFile) ? PokeResult.done(null) : PokeResult.notYet();
        }
      }
      return Files.exists(full) ? PokeResult.done(null) : PokeResult.notYet();
    }
    Path root = nonGlobPrefix(full);
    if (!Files.isDirectory(root)) {
      return PokeResult.notYet();
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
    try (Stream<Path> s = Files.walk(root)) {
      return s.anyMatch(m::matches) ? PokeResult.done(null) : PokeResult.notYet();
    }
  }

  private static boolean hasGlob(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[");
  }

  private static Path nonGlobPrefix(Path p) {
    Path out = p.getRoot() == null ? Path.of("") : p.getRoot();
    for (Path part : p) {
      if (hasGlob(part.toString())) {
        break;
      }
      out = out.resolve(part);
    }
    return out;
  }
}
