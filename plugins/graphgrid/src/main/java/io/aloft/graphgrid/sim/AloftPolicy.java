package io.aloft.graphgrid.sim;

import io.aloft.graphgrid.peaks.InMemoryPeakSamples;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakSample;
import io.aloft.graphgrid.peaks.PeakSamples;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.graphgrid.preflight.AdmissionQueue;
import io.aloft.graphgrid.preflight.AdmittedSession;
import io.aloft.graphgrid.preflight.DeviceRoom;
import io.aloft.graphgrid.preflight.GpuPreflight;
import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Policy 3, Aloft's: the plugin's own admission code, driven by simulated events instead of task pokes. Each waiting
 * job's reservation comes from {@link PeakEstimator} over the peaks measured so far (the static table is the prior);
 * {@link GpuPreflight#rooms} turns the GPU reading and the admitted sessions' reservations into each device's room;
 * {@link AdmissionQueue#plan} picks who starts (FIFO, backfill, held after the fair wait) and where (best fit); the
 * {@link AdmissionLedger} keeps reservations and the waiting queue and signals when a session ends or its reading
 * moves, which is when the queue is examined again (plus when a waiter reaches the fair wait). A session that dies of
 * GPU out-of-memory records it and comes back first in line with the raised reservation, as the training operator's
 * retry does.
 */
final class AloftPolicy implements Simulation.Policy {

  private static final String DAG = "sim";

  private final AdmissionLedger ledger = new AdmissionLedger();
  private final PeakSamples samples = new InMemoryPeakSamples();
  private final PeakEstimator estimator = PeakEstimator.withPrior(MemoryEstimates.defaults());
  private final GpuPreflight preflight = new GpuPreflight(GpuPreflight.DEFAULT_MARGIN_MIB);
  private final AdmissionQueue queue;
  private final Duration holdAfter;
  private final String name;
  private final Map<String, Simulation.Session> waiting = new HashMap<>();
  private final Map<String, Long> reserved = new HashMap<>();
  private final Map<String, Long> firstWaited = new HashMap<>();
  private long seenGeneration = -1;
  private boolean arrivals;

  /** Aloft's policy with its defaults ({@code gpu_fair_wait} {@link AdmissionQueue#DEFAULT_HOLD_AFTER}). */
  AloftPolicy() {
    this(AdmissionQueue.DEFAULT_HOLD_AFTER, "3 Aloft");
  }

  /** Aloft's policy holding a waiter's memory after {@code holdAfter}. */
  AloftPolicy(Duration holdAfter, String name) {
    this.holdAfter = holdAfter;
    this.queue = new AdmissionQueue(holdAfter);
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  private static Instant instant(double seconds) {
    return Instant.EPOCH.plusMillis(Math.round(seconds * 1000));
  }

  @Override
  public void arrived(Simulation sim, Simulation.Session s) {
    String id = AdmissionLedger.waitingId(DAG, s.job.id());
    waiting.put(id, s);
    firstWaited.putIfAbsent(id, Math.round(sim.now() * 1000));
    // A retried job keeps its place: it waits since it first did.
    ledger.waitingSince(DAG, s.job.id(), reservation(s), Instant.EPOCH.plusMillis(firstWaited.get(id)));
    sim.at(sim.now() + Math.min(holdAfter.toSeconds(), 1e9), () -> arrivals = true);
    arrivals = true;
  }

  private long reservation(Simulation.Session s) {
    return estimator.reserve(s.job.model(), s.job.datasetBytes(), samples).mib();
  }

  @Override
  public void settle(Simulation sim) {
    for (Simulation.Session r : sim.running()) {
      if (r.healthy) {
        ledger.observe(DAG, r.job.id(), sim.gpu.snapshot().usedByContainer(r.owner()));
      }
    }
    long generation = ledger.generation();
    if (!arrivals && generation == seenGeneration) {
      return;
    }
    arrivals = false;
    seenGeneration = generation;
    Instant now = instant(sim.now());
    for (Simulation.Session s : waiting.values()) {
      ledger.waitingSince(DAG, s.job.id(), reservation(s), now);
    }
    List<AdmittedSession> admitted = new ArrayList<>();
    for (Simulation.Session r : sim.running()) {
      admitted.add(new AdmittedSession(r.job.id(), reserved.get(r.job.id()), Optional.of(r.owner()),
          OptionalInt.of(r.device)));
    }
    List<DeviceRoom> rooms = preflight.rooms(sim.gpu.snapshot(), admitted);
    for (AdmissionQueue.Placement p : queue.plan(rooms, ledger.waiting(now), now)) {
      Simulation.Session s = waiting.remove(p.id());
      ledger.record(DAG, s.job.id(), p.mib(), OptionalInt.of(p.device()));
      reserved.put(s.job.id(), p.mib());
      sim.start(s, p.device());
    }
  }

  @Override
  public void ended(Simulation sim, Simulation.Session s, boolean oom, long peakMiB) {
    Instant at = instant(sim.now());
    samples.add(oom
        ? PeakSample.outOfMemory(s.job.model(), s.job.datasetBytes(), reserved.get(s.job.id()), at)
        : PeakSample.peak(s.job.model(), s.job.datasetBytes(), peakMiB, at));
    ledger.forget(DAG, s.job.id());
  }
}
