package io.aloft.graphgrid.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Policy 1, the document's default. It follows "GPU Limitations": "only one GPU accelerated training session can be
 * run at once. However, multiple CPU-based training sessions can be run concurrently." — a {@code gpu_pool} of one
 * slot, taken first come, first served.
 */
final class OneAtATimePolicy implements Simulation.Policy {

  private final Deque<Simulation.Session> queue = new ArrayDeque<>();

  @Override
  public String name() {
    return "1 one at a time";
  }

  @Override
  public void arrived(Simulation sim, Simulation.Session session) {
    queue.addLast(session);
  }

  @Override
  public void settle(Simulation sim) {
    if (sim.running().isEmpty() && !queue.isEmpty()) {
      sim.start(queue.pollFirst(), 0);
    }
  }

  @Override
  public void ended(Simulation sim, Simulation.Session session, boolean oom, long peakMiB) {}
}
