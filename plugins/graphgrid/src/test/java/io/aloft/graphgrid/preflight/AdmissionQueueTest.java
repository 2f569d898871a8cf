package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fairness (FIFO with backfill, bounded) and placement (best fit) of waiting GPU sessions. */
class AdmissionQueueTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final AdmissionQueue queue = new AdmissionQueue(Duration.ofMinutes(10));

  private static AdmissionQueue.Waiting waiting(String id, long mib, int minutesAgo, Instant now) {
    return new AdmissionQueue.Waiting(id, mib, now.minus(Duration.ofMinutes(minutesAgo)));
  }

  @Test
  void aSmallSessionMayPassALargeOneThatDoesNotFit() {
    List<DeviceRoom> rooms = List.of(new DeviceRoom(0, 23552, 6000));
    var plan = queue.plan(rooms, List.of(waiting("large", 10000, 5, T0), waiting("small", 4000, 2, T0)), T0);

    assertThat(plan).containsExactly(new AdmissionQueue.Placement("small", 0, 4000));
  }

  @Test
  void afterTheBoundedWaitTheLargeSessionsMemoryIsHeldAndLaterArrivalsQueue() {
    List<DeviceRoom> rooms = List.of(new DeviceRoom(0, 23552, 6000));
    var plan = queue.plan(rooms, List.of(waiting("large", 10000, 11, T0), waiting("small", 4000, 2, T0)), T0);

    assertThat(plan).isEmpty();
    // Once enough has ended, the large one goes first; the small one follows if what is left holds it.
    var later = queue.plan(List.of(new DeviceRoom(0, 23552, 15000)),
        List.of(waiting("large", 10000, 30, T0), waiting("small", 4000, 20, T0)), T0);
    assertThat(later).extracting(AdmissionQueue.Placement::id).containsExactly("large", "small");
  }

  @Test
  void aSessionLargerThanAnyDeviceIsNeverHeld() {
    var plan = queue.plan(List.of(new DeviceRoom(0, 23552, 6000)),
        List.of(waiting("huge", 40000, 60, T0), waiting("small", 4000, 1, T0)), T0);

    assertThat(plan).extracting(AdmissionQueue.Placement::id).containsExactly("small");
  }

  @Test
  void sessionsGoWhereTheyFitBest() {
    List<DeviceRoom> rooms = List.of(new DeviceRoom(0, 23552, 20000), new DeviceRoom(1, 23552, 5000),
        new DeviceRoom(2, 15360, 9000));
    var plan = queue.plan(rooms,
        List.of(waiting("a", 4500, 3, T0), waiting("b", 8000, 2, T0), waiting("c", 12000, 1, T0)), T0);

    // a takes the tightest device that holds it (1), b the next (2), c the only one left with room (0).
    assertThat(plan).containsExactly(new AdmissionQueue.Placement("a", 1, 4500),
        new AdmissionQueue.Placement("b", 2, 8000), new AdmissionQueue.Placement("c", 0, 12000));
  }

  @Test
  void theLedgerWakesAWaiterWhenASessionEnds() throws Exception {
    AdmissionLedger ledger = new AdmissionLedger();
    ledger.record("dag", "run-1", 8000, java.util.OptionalInt.of(0));
    long seen = ledger.generation();
    Thread ender = Thread.startVirtualThread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
      ledger.forget("dag", "run-1");
    });

    long started = System.nanoTime();
    assertThat(ledger.awaitChange(seen, Duration.ofSeconds(10))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    ender.join();
    // A reading that moves less than the step does not wake anyone; one that moves more does.
    seen = ledger.generation();
    ledger.observe("dag", "run-2", 1000);
    seen = ledger.generation();
    assertThat(ledger.observe("dag", "run-2", 1000 + AdmissionLedger.READING_STEP_MIB - 1)).isFalse();
    assertThat(ledger.awaitChange(seen, Duration.ZERO)).isFalse();
    assertThat(ledger.observe("dag", "run-2", 1000 + AdmissionLedger.READING_STEP_MIB)).isTrue();
    assertThat(ledger.awaitChange(seen, Duration.ZERO)).isTrue();
  }
}
