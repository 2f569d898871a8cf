package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aloft.runtime.config.ConfigException;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TiKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * {@code scheduler_nice}: the scheduler's thread and the backend behind its connection take the configured nice value.
 * The test lowers the priority (7), which any user may do to their own processes, so it says the same as root or not.
 */
class SchedulerPriorityIT {

  @Test
  void theSettingIsANiceValueAndMinusTenByDefault() {
    assertThat(SchedulerPriority.of(Optional.empty(), Optional.empty(), true).nice()).isEqualTo(-10);
    assertThat(SchedulerPriority.of(Optional.of(" 0 "), Optional.empty(), true).nice()).isZero();
    assertThat(SchedulerPriority.of(Optional.of("19"), Optional.empty(), true).nice()).isEqualTo(19);
    assertThatThrownBy(() -> SchedulerPriority.of(Optional.of("-21"), Optional.empty(), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ALOFT_SCHEDULER_NICE").hasMessageContaining("got '-21'");
    assertThatThrownBy(() -> SchedulerPriority.of(Optional.of("high"), Optional.empty(), true))
        .hasMessageContaining("-20");
  }

  @Test
  void theRealTimeClassIsForTheEmbeddedServerByDefaultAndNeverWithAPositiveNiceValue() {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "never on one processor");
    assertThat(SchedulerPriority.of(Optional.empty(), Optional.empty(), true).realtime()).isTrue();
    assertThat(SchedulerPriority.of(Optional.empty(), Optional.of("auto"), false).realtime())
        .as("a shared server: its backend keeps its priority").isFalse();
    assertThat(SchedulerPriority.of(Optional.empty(), Optional.of("true"), false).realtime()).isTrue();
    assertThat(SchedulerPriority.of(Optional.of("0"), Optional.of(" TRUE "), true).realtime()).isTrue();
    assertThat(SchedulerPriority.of(Optional.empty(), Optional.of("false"), true).realtime()).isFalse();
    assertThat(SchedulerPriority.of(Optional.of("5"), Optional.of("true"), true).realtime())
        .as("a scheduler asked to yield to the tasks").isFalse();
    assertThat(SchedulerPriority.none().realtime()).isFalse();
    assertThatThrownBy(() -> SchedulerPriority.of(Optional.empty(), Optional.of("yes"), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ALOFT_SCHEDULER_REALTIME")
        .hasMessageContaining("got 'yes'");
  }

  @Test
  void aThreadAndABackendEnterTheRealTimeClassWhereAllowed() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    // Entering the real-time class needs root or CAP_SYS_NICE (or RLIMIT_RTPRIO): where this JVM may not, the
    // scheduler says so once and goes on, which the other tests cover; here, where it may, the class is checked.
    assumeTrue(mayEnterRealtime(), "this user may not enter the real-time class");
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "never on one processor");
    SchedulerPriority priority = SchedulerPriority.of(Optional.of("0"), Optional.of("true"), true);
    assertThat(inARaisedThread(priority, SchedulerPriorityIT::policy)).as("SCHED_FIFO, priority 1").isEqualTo("1 1");
    assertThat(nice(Path.of("/proc/thread-self/stat"))).as("nice 0: left alone").isEqualTo("0");
    assertThat(policy(Path.of("/proc/thread-self/stat"))).as("no other thread").isEqualTo("0 0");
    try (Database db = TestDatabase.fresh()) {
      db.jdbi().useHandle(h -> {
        priority.raiseBackendOf(h.getConnection());
        int pid = h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        assertThat(policy(Path.of("/proc/" + pid + "/stat"))).as("its backend").isEqualTo("1 1");
      });
    }
  }

  /** Whether this process may put a thread in SCHED_FIFO (tried on a short-lived child process). */
  private static boolean mayEnterRealtime() throws Exception {
    Process p = new ProcessBuilder("chrt", "--fifo", "1", "true").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /** What {@code read} says of a new thread's own stat file once {@code priority} raised that thread. */
  private static String inARaisedThread(SchedulerPriority priority, java.util.function.Function<Path, String> read)
      throws InterruptedException {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread.ofPlatform().start(() -> {
      priority.raiseThisThread();
      seen.set(read.apply(Path.of("/proc/thread-self/stat")));
    }).join();
    return seen.get();
  }

  /** The real-time priority and the policy of a thread or process (stat fields 40 and 41): "0 0" for a normal one. */
  private static String policy(Path stat) {
    String[] f = statFields(stat);
    return f[37] + " " + f[38];
  }

  @Test
  void theLoopsThreadAndANewBackendTakeTheNiceValueOnce() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    SchedulerPriority priority = SchedulerPriority.of(Optional.of("7"), Optional.empty(), true);
    assertThat(inARaisedThread(priority, SchedulerPriorityIT::nice)).as("the loop's thread").isEqualTo("7");
    assertThat(nice(Path.of("/proc/thread-self/stat"))).as("no other thread").isNotEqualTo("7");
    // (The VM thread is this test JVM's too: found, not reniced here.)
    assertThat(SchedulerPriority.vmThread()).as("HotSpot's VM thread").isPresent();

    try (Database db = TestDatabase.fresh()) {
      db.jdbi().useHandle(h -> {
        priority.raiseBackendOf(h.getConnection());
        int pid = h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        assertThat(nice(Path.of("/proc/" + pid + "/stat"))).as("its backend").isEqualTo("7");
      });
    }
    try (Database db = TestDatabase.fresh()) {
      SchedulerPriority remote = SchedulerPriority.of(Optional.of("7"), Optional.empty(), false);
      db.jdbi().useHandle(h -> {
        remote.raiseBackendOf(h.getConnection());
        int pid = h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        assertThat(nice(Path.of("/proc/" + pid + "/stat"))).as("a server on another machine is left alone").isEqualTo("0");
      });
    }
  }

  @Test
  void aStartedLoopRunsAtItsPriorityAndSoDoesItsBackend() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1024, SecretCipher.generate());
      Jdbi own = db.dedicated("aloft-scheduler");
      AtomicInteger claims = new AtomicInteger();
      SchedulerLoop.Executor executor = new SchedulerLoop.Executor() {
        @Override
        public int freeSlots() {
          return 1;
        }

        @Override
        public void claimAndStart() {
          claims.incrementAndGet();
        }

        @Override
        public void kill(TiKey key, String reason) {}
      };
      SchedulerLoop loop = new SchedulerLoop(stores, own, Clock.systemUTC(), executor, (h, now) -> false,
          Duration.ofMillis(20), new SchedulerSignal(() -> { }), Metrics.none());
      loop.prioritise(SchedulerPriority.of(Optional.of("6"), Optional.empty(), true));
      // (another test's daemon in this JVM may have raised it already: what counts is that this loop does not lower it)
      Path vmThread = Path.of("/proc/self/task/" + SchedulerPriority.vmThread().orElseThrow() + "/stat");
      String vmBefore = nice(vmThread);
      loop.start();
      try {
        Instant deadline = Instant.now().plusSeconds(60);
        while (claims.get() < 1 && Instant.now().isBefore(deadline)) {
          Thread.sleep(20);
        }
        assertThat(claims.get()).as("a deciding pass ran").isEqualTo(1);
        assertThat(nice(Path.of("/proc/self/task/" + loop.osThreadId().orElseThrow() + "/stat"))).as("the loop's thread")
            .isEqualTo("6");
      } finally {
        loop.close();
      }
      int pid = own.withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
      assertThat(nice(Path.of("/proc/" + pid + "/stat"))).as("the backend of the loop's connection").isEqualTo("6");
      assertThat(nice(vmThread)).as("a lower priority is not given to the VM thread").isEqualTo(vmBefore);
    }
  }

  /** The nice value of a thread or process (stat field 19). */
  private static String nice(Path stat) {
    return statFields(stat)[16];
  }

  /** A stat file's fields after the command name: field 3 of proc(5) first. */
  private static String[] statFields(Path stat) {
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
