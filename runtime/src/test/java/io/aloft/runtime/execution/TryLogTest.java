package io.aloft.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A try's log keeps every line, also those written after its thread was interrupted (a killed try's last words). */
class TryLogTest {

  @Test
  void linesWrittenByAnInterruptedThreadReachTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs/dag/run/task/1.log");
    try (TryLog log = new TryLog(file, new SecretMasker(), Clock.systemUTC())) {
      log.info("Starting attempt 1");
      Thread.currentThread().interrupt(); // what killing the try does to its thread
      log.error("Killing the try: marked failed by airflow");
      log.error("Task failed: killed");
      assertThat(Thread.interrupted()).as("the log leaves the interrupt for the try to see").isTrue();
      log.info("after the interrupt was seen");
    }
    assertThat(Files.readAllLines(file)).hasSize(4)
        .anyMatch(l -> l.endsWith("ERROR - Killing the try: marked failed by airflow"))
        .anyMatch(l -> l.endsWith("ERROR - Task failed: killed"))
        .anyMatch(l -> l.endsWith("INFO - after the interrupt was seen"));
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void aSecondLogOfTheSameTryAppends(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("1.log");
    try (TryLog log = new TryLog(file, new SecretMasker(), Clock.systemUTC())) {
      log.info("first daemon");
    }
    try (TryLog log = new TryLog(file, new SecretMasker(), Clock.systemUTC())) {
      log.info("resumed after a restart");
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }
}
