package io.aloft.runtime.execution;

import io.aloft.sdk.TaskLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One try's log file. Each line is flushed as written so the UI and CLI can tail it live; secrets are
 * masked before anything reaches the disk. The file is created {@code 600} in folders created {@code 700}
 * ({@link PrivateFiles}). Thread-safe.
 */
public final class TryLog implements TaskLog, AutoCloseable {

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final BufferedWriter out;
  private final SecretMasker masker;
  private final Clock clock;

  public TryLog(Path file, SecretMasker masker, Clock clock) {
    this.masker = masker;
    this.clock = clock;
    try {
      PrivateFiles.createDirectories(file.getParent());
      this.out = new BufferedWriter(PrivateFiles.appendWriter(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the task log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void info(String message) {
    write("INFO", message);
  }

  @Override
  public void warn(String message) {
    write("WARNING", message);
  }

  @Override
  public void error(String message) {
    write("ERROR", message);
  }

  @Override
  public void output(String line) {
    write("OUTPUT", line);
  }

  private synchronized void write(String level, String message) {
    String masked = masker.mask(message == null ? "" : message);
    try {
      for (String line : masked.split("\n", -1)) {
        out.write('[');
        out.write(TS.format(clock.instant()));
        out.write("] ");
        out.write(level);
        out.write(" - ");
        out.write(line);
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // the log is best effort once the try is over
    }
  }
}
