package io.aloft.runtime.trigger;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.stream.Stream;

/**
 * Whether a path (glob patterns allowed) names an existing file, as Airflow's FileSensor and FileTrigger decide it:
 * a folder counts, with {@code recursive} only when it holds a file somewhere below. Shared by the FileSensor's
 * pokes and the triggerer's FileTrigger polls.
 */
public final class FileMatch {

  private FileMatch() {}

  public static boolean exists(Path full, boolean recursive) throws IOException {
    if (!hasGlob(full.toString())) {
      if (Files.isDirectory(full) && recursive) {
        try (Stream<Path> s = Files.walk(full)) {
          return s.anyMatch(Files::isRegularFile);
        }
      }
      return Files.exists(full);
    }
    Path root = nonGlobPrefix(full);
    if (!Files.isDirectory(root)) {
      return false;
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
    try (Stream<Path> s = Files.walk(root)) {
      return s.anyMatch(m::matches);
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
