package io.aloft.runtime.dagfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAG-folder watcher's file events: a change anywhere in the folder's tree is reported, Python's byte-code caches
 * are not, and where events cannot be trusted none are used. No timing is assumed: a change is awaited for up to a
 * minute, and "nothing changed" is only said of a folder nobody writes to.
 */
class DagFolderEventsTest {

  private static final Duration CHANGE = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofMillis(50);

  @Test
  void changesAnywhereInTheTreeAreReportedAndByteCodeCachesAreNot(@TempDir Path dags) throws Exception {
    Optional<DagFolderEvents> opened = DagFolderEvents.open(dags);
    assumeTrue(opened.isPresent(), "file events are not used here: " + DagFolderEvents.untrusted(dags));
    try (DagFolderEvents events = opened.get()) {
      assertThat(events.await(Duration.ofMillis(100), SETTLE)).as("nobody wrote").isFalse();

      Files.writeString(dags.resolve("a.py"), "x = 1\n");
      assertThat(events.await(CHANGE, SETTLE)).as("a new file").isTrue();
      Files.writeString(dags.resolve("a.py"), "x = 2\n");
      assertThat(events.await(CHANGE, SETTLE)).as("a changed file").isTrue();

      // the JDK reads the kernel's events on a thread of its own: on a loaded machine some of the writes above may
      // reach the key only now; take them before saying that the next write makes none
      events.await(Duration.ofSeconds(1), Duration.ofSeconds(1));
      Path cache = Files.createDirectories(dags.resolve("__pycache__"));
      Files.writeString(cache.resolve("a.cpython-311.pyc"), "cached");
      assertThat(events.await(Duration.ofMillis(300), SETTLE)).as("byte-code caches do not count").isFalse();

      Path sub = Files.createDirectories(dags.resolve("team"));
      assertThat(events.await(CHANGE, SETTLE)).as("a new sub-folder").isTrue();
      assertThat(events.watched()).as("the folder and its new sub-folder, not the cache").isEqualTo(2);
      Files.writeString(sub.resolve("b.py"), "y = 1\n");
      assertThat(events.await(CHANGE, SETTLE)).as("a file in the new sub-folder").isTrue();

      Files.delete(sub.resolve("b.py"));
      Files.delete(sub);
      assertThat(events.await(CHANGE, SETTLE)).as("a deleted sub-folder").isTrue();
      Files.delete(dags.resolve("a.py"));
      assertThat(events.await(CHANGE, SETTLE)).as("a deleted file").isTrue();
    }
  }

  @Test
  void aFolderThatDoesNotExistIsListedInstead(@TempDir Path tmp) {
    assertThat(DagFolderEvents.open(tmp.resolve("missing"))).isEmpty();
    assertThat(DagFolderEvents.untrusted(tmp.resolve("missing"))).isNotNull();
  }
}
