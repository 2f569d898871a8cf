package io.aloft.graphgrid.preflight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who of the waiting GPU sessions may start now, and on which device: FIFO with backfill and a bounded wait. Pure
 * code.
 *
 * <p>Waiters are taken oldest first. One that fits goes to the device where it fits best (the least headroom that
 * still holds it, which keeps the roomy devices for large sessions). One that does not fit may be passed by later,
 * smaller ones (backfill) — until it has waited {@code holdAfter}: then its need is held on the roomiest device it
 * could ever fit on, so the memory freed there accumulates for it and later arrivals queue behind it instead of
 * taking it. A session larger than any device is never held (it cannot start; its preflight times out saying so).
 * Immutable and thread-safe.
 */
public final class AdmissionQueue {

  /** Settings key of the bounded wait, e.g. {@code 10m}. */
  public static final String HOLD_AFTER_SETTING = "gpu_fair_wait";
  public static final Duration DEFAULT_HOLD_AFTER = Duration.ofMinutes(120);

  /** A session waiting for admission: an id, the memory it needs and since when it waits. */
  public record Waiting(String id, long mib, Instant since) {
    public Waiting {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(since, "since");
    }
  }

  /** A waiter admitted on a device. */
  public record Placement(String id, int device, long mib) {}

  private final Duration holdAfter;

  public AdmissionQueue(Duration holdAfter) {
    this.holdAfter = Objects.requireNonNull(holdAfter, "holdAfter");
  }

  public static AdmissionQueue fromSettings(Map<String, String> settings) {
    return new AdmissionQueue(PreflightWaitPolicy.duration(settings, HOLD_AFTER_SETTING, DEFAULT_HOLD_AFTER));
  }

  /** The waiters that start now, in queue order, given each device's room. */
  public List<Placement> plan(List<DeviceRoom> rooms, List<Waiting> queue, Instant now) {
    List<DeviceRoom> left = new ArrayList<>(rooms);
    List<Placement> admitted = new ArrayList<>();
    for (Waiting w : queue.stream().sorted(Comparator.comparing(Waiting::since)).toList()) {
      Optional<DeviceRoom> best = bestFit(left, w.mib());
      if (best.isPresent()) {
        admitted.add(new Placement(w.id(), best.get().index(), w.mib()));
        take(left, best.get(), w.mib());
      } else if (!now.isBefore(w.since().plus(holdAfter))) {
        left.stream().filter(d -> d.capacityMiB() >= w.mib()).max(Comparator.comparingLong(DeviceRoom::headroomMiB))
            .ifPresent(d -> take(left, d, w.mib()));
      }
    }
    return admitted;
  }

  /** The device with the least headroom that still holds {@code mib}. */
  public static Optional<DeviceRoom> bestFit(List<DeviceRoom> rooms, long mib) {
    return rooms.stream().filter(d -> d.headroomMiB() >= mib).min(Comparator.comparingLong(DeviceRoom::headroomMiB)
        .thenComparingInt(DeviceRoom::index));
  }

  private static void take(List<DeviceRoom> rooms, DeviceRoom device, long mib) {
    rooms.set(rooms.indexOf(device), device.less(mib));
  }
}
