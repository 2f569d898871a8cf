package io.aloft.graphgrid.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code scripts/bench gpu}: runs the three GPU admission policies over the same traces (one 24 GiB card, sixty
 * training jobs of five model types, Poisson arrivals; see {@link Trace}) for 30 seeds and prints, per policy, the
 * mean and 95th-percentile queue wait, the makespan, the mean GPU memory in use and the out-of-memory kills. Policy 3
 * is the GraphGrid plugin's real admission code (estimator, preflight rooms, fair queue, ledger), not a copy.
 *
 * <p>Arguments: {@code [seeds]} (default 30). Deterministic: the same seeds print the same table.
 */
public final class GpuAdmissionSimulator {

  private GpuAdmissionSimulator() {}

  /** The figures of one policy over every seed. */
  record Summary(String policy, double meanWaitS, double p95WaitS, double makespanS, double meanUsedMiB, int oomKills,
                 int jobs) {}

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    List<Summary> summaries = run(seeds);
    System.out.print(format(summaries, seeds));
  }

  static List<Summary> run(int seeds) {
    List<Supplier<Simulation.Policy>> policies =
        List.of(OneAtATimePolicy::new, DocumentPreflightPolicy::new, AloftPolicy::new,
            () -> new AloftPolicy(java.time.Duration.ofDays(365), "3b Aloft, no fair hold"));
    List<Summary> out = new ArrayList<>();
    for (Supplier<Simulation.Policy> make : policies) {
      List<Double> waits = new ArrayList<>();
      double makespan = 0;
      double used = 0;
      int kills = 0;
      String name = "";
      for (int seed = 1; seed <= seeds; seed++) {
        Simulation.Policy policy = make.get();
        name = policy.name();
        Simulation.Result r = new Simulation(Trace.generate(seed), policy).run();
        Arrays.stream(r.waitsS()).forEach(waits::add);
        makespan += r.makespanS();
        used += r.meanUsedMiB();
        kills += r.oomKills();
      }
      double[] w = waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double p95 = w[Math.max(0, (int) Math.ceil(0.95 * w.length) - 1)];
      out.add(new Summary(name, Arrays.stream(w).average().orElse(0), p95, makespan / seeds, used / seeds, kills,
          w.length));
    }
    return out;
  }

  static String format(List<Summary> summaries, int seeds) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "GPU admission, %d seeds x %d jobs on one %d MiB card (mean inter-arrival %.0f s)%n",
        seeds, Trace.JOBS, Trace.DEVICE_MIB, Trace.MEAN_INTERARRIVAL_S));
    b.append(String.format(Locale.ROOT, "| %-24s | %14s | %13s | %13s | %15s | %9s |%n", "policy", "mean wait (min)",
        "p95 wait (min)", "makespan (min)", "mean memory (GiB)", "OOM kills"));
    b.append("|--------------------------|----------------:|---------------:|---------------:|------------------:|----------:|\n");
    for (Summary s : summaries) {
      b.append(String.format(Locale.ROOT, "| %-24s | %15.1f | %14.1f | %14.1f | %17.2f | %9d |%n", s.policy(),
          s.meanWaitS() / 60, s.p95WaitS() / 60, s.makespanS() / 60, s.meanUsedMiB() / 1024, s.oomKills()));
    }
    Summary one = summaries.get(0);
    Summary doc = summaries.get(1);
    Summary aloft = summaries.get(2);
    b.append(String.format(Locale.ROOT,
        "Aloft vs 2: mean wait %+.1f%%, p95 wait %+.1f%%, makespan %+.1f%%; vs 1: mean wait %.0fx lower, memory %.2fx%n",
        pct(aloft.meanWaitS(), doc.meanWaitS()), pct(aloft.p95WaitS(), doc.p95WaitS()),
        pct(aloft.makespanS(), doc.makespanS()), one.meanWaitS() / Math.max(1e-9, aloft.meanWaitS()),
        aloft.meanUsedMiB() / one.meanUsedMiB()));
    return b.toString();
  }

  private static double pct(double value, double base) {
    return (value / base - 1) * 100;
  }
}
