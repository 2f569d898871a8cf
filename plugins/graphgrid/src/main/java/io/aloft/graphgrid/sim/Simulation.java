package io.aloft.graphgrid.sim;

import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One run of one policy over one trace: a discrete-event loop over a {@link SimulatedGpu}. Sessions start (their
 * container takes {@link Trace#STARTUP_S} to come up and turn healthy), appear on the GPU with a quarter of their peak,
 * grow to it in 30-second steps over their warm-up, hold it, and end. A step that does not fit on the card is an
 * out-of-memory kill: the session is gone and its job goes back to its policy. Single-threaded; one instance per run.
 */
final class Simulation {

  static final double STEP_S = 30;

  /** How a policy admits jobs; the simulation calls it back. */
  interface Policy {
    String name();

    /** A job was triggered (or comes back after an out-of-memory kill). */
    void arrived(Simulation sim, Session session);

    /** Anything happened: admit whoever the policy lets in now (through {@link Simulation#start}). */
    void settle(Simulation sim);

    /** A session ended; {@code oom} when it was killed for lack of GPU memory, with the highest reading it had. */
    void ended(Simulation sim, Session session, boolean oom, long peakMiB);
  }

  /** A job and its current attempt. */
  static final class Session {
    final Trace.Job job;
    int attempt;
    double waitingSince;
    double waited;
    boolean running;
    boolean healthy;
    long peakSeen;
    int device;

    Session(Trace.Job job) {
      this.job = job;
    }

    String owner() {
      return "sim/" + job.id() + "/a" + attempt;
    }
  }

  private record Event(double at, long seq, Runnable action) {}

  final SimulatedGpu gpu;
  final List<Session> sessions = new ArrayList<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Double.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Policy policy;
  private long seq;
  private double now;
  private double lastChange;
  private double memoryIntegral;
  private double lastEnd;
  int oomKills;

  Simulation(Trace trace, Policy policy) {
    this.gpu = SimulatedGpu.parse("1x" + trace.deviceMiB());
    this.policy = policy;
    for (Trace.Job job : trace.jobs()) {
      Session s = new Session(job);
      sessions.add(s);
      at(job.arrivalS(), () -> {
        s.waitingSince = now;
        policy.arrived(this, s);
      });
    }
  }

  double now() {
    return now;
  }

  /** Runs an action at {@code time} (not before now). */
  void at(double time, Runnable action) {
    events.add(new Event(Math.max(time, now), seq++, action));
  }

  /** Starts a session's container, pinned to {@code device}. */
  void start(Session s, int device) {
    s.waited += now - s.waitingSince;
    s.running = true;
    s.healthy = false;
    s.device = device;
    s.peakSeen = 0;
    int attempt = s.attempt;
    at(now + Trace.STARTUP_S, () -> healthy(s, attempt));
  }

  /** Sessions started and not ended. */
  List<Session> running() {
    return sessions.stream().filter(s -> s.running).toList();
  }

  private void healthy(Session s, int attempt) {
    if (s.attempt != attempt || !s.running) {
      return;
    }
    long initial = Math.round(s.job.peakMiB() * Trace.INITIAL_SHARE);
    if (gpu.allocateOn(s.owner(), s.device, initial).isEmpty()) {
      kill(s);
      return;
    }
    s.healthy = true;
    s.peakSeen = initial;
    double healthyAt = now;
    for (double t = STEP_S; t < s.job.rampS() + STEP_S; t += STEP_S) {
      double share = Math.min(1, t / s.job.rampS());
      long mib = Math.round(initial + (s.job.peakMiB() - initial) * share);
      at(healthyAt + t, () -> grow(s, attempt, mib));
    }
    at(healthyAt + s.job.durationS(), () -> finish(s, attempt));
  }

  private void grow(Session s, int attempt, long mib) {
    if (s.attempt != attempt || !s.running) {
      return;
    }
    if (!gpu.resize(s.owner(), mib)) {
      kill(s);
      return;
    }
    s.peakSeen = Math.max(s.peakSeen, mib);
  }

  private void finish(Session s, int attempt) {
    if (s.attempt != attempt || !s.running) {
      return;
    }
    gpu.release(s.owner());
    s.running = false;
    lastEnd = now;
    policy.ended(this, s, false, s.peakSeen);
  }

  private void kill(Session s) {
    gpu.release(s.owner());
    s.running = false;
    oomKills++;
    long peak = s.peakSeen;
    s.attempt++;
    s.waitingSince = now;
    policy.ended(this, s, true, peak);
    policy.arrived(this, s);
  }

  /** Runs every event; returns the figures. */
  Result run() {
    while (!events.isEmpty()) {
      Event e = events.poll();
      memoryIntegral += used() * (e.at - lastChange);
      lastChange = e.at;
      now = e.at;
      e.action.run();
      policy.settle(this);
    }
    double[] waits = sessions.stream().mapToDouble(s -> s.waited).toArray();
    return new Result(waits, lastEnd, memoryIntegral / lastEnd, oomKills);
  }

  private long used() {
    return gpu.snapshot().devices().stream().mapToLong(d -> d.usedMiB()).sum();
  }

  /**
   * One run's figures.
   *
   * @param waitsS each job's queue wait (all its attempts), seconds
   * @param makespanS when the last job ended
   * @param meanUsedMiB GPU memory in use, averaged over the makespan
   * @param oomKills sessions killed for lack of GPU memory
   */
  record Result(double[] waitsS, double makespanS, double meanUsedMiB, int oomKills) {}
}
