package io.aloft.graphgrid.sim;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Policy 2, the document's preflight as written ("GPU Concurrency"):
 *
 * <ul>
 *   <li>"gpu_preflight_pool is statically defined and only has one slot. Every task within the "GPU subgraph" besides
 *   train_model_gpu is placed within this pool." — one job at a time holds the slot, through its sensor and its
 *   preflight, first come first served;</li>
 *   <li>the sensor "detects when all GPU training tasks are in a valid state (e.g. running or no state at all), and
 *   all running tasks have healthy docker containers" — it pokes until no started session is still unhealthy;</li>
 *   <li>then gpu_preflight_configuration "performs multiple heuristics in order to get an accurate snapshot of the
 *   current environment in terms of GPU usage ... In the case where it cannot, the process sleeps and then
 *   recursively calls the calculation again" — the snapshot is nvidia-smi's free memory, the heuristic admits when it
 *   is at least the model's nominal need (the static table), and the sleep is {@link #SLEEP_S}: the document's
 *   "maximum recursion depth in python of 1000" for "~8-9 hours" is about 30 s per call;</li>
 *   <li>"gpu_pool_setup takes the pool size ... and either creates the pool with that number of slots or modifies the
 *   existing pool" and train_model_gpu starts: the slot is free for the next job.</li>
 * </ul>
 *
 * A job killed for lack of memory is triggered again at once (as an Airflow retry would), so every policy finishes
 * the same sixty jobs.
 */
final class DocumentPreflightPolicy implements Simulation.Policy {

  static final double SLEEP_S = 30;
  static final double SENSOR_POKE_S = 30;

  private final MemoryEstimates nominal = MemoryEstimates.defaults();
  private final Deque<Simulation.Session> queue = new ArrayDeque<>();
  private Simulation.Session holder;

  @Override
  public String name() {
    return "2 document preflight";
  }

  @Override
  public void arrived(Simulation sim, Simulation.Session session) {
    queue.addLast(session);
  }

  @Override
  public void settle(Simulation sim) {
    if (holder == null && !queue.isEmpty()) {
      holder = queue.pollFirst();
      Simulation.Session mine = holder;
      sim.at(sim.now(), () -> sense(sim, mine));
    }
  }

  private void sense(Simulation sim, Simulation.Session s) {
    boolean settled = sim.running().stream().allMatch(r -> r.healthy);
    if (settled) {
      preflight(sim, s);
    } else {
      sim.at(sim.now() + SENSOR_POKE_S, () -> sense(sim, s));
    }
  }

  private void preflight(Simulation sim, Simulation.Session s) {
    GpuDevice device = sim.gpu.snapshot().devices().getFirst();
    if (device.freeMiB() >= nominal.mibFor(s.job.model())) {
      holder = null;
      sim.start(s, device.index());
    } else {
      sim.at(sim.now() + SLEEP_S, () -> preflight(sim, s));
    }
  }

  @Override
  public void ended(Simulation sim, Simulation.Session session, boolean oom, long peakMiB) {}
}
