package io.aloft.plugins.docker;

import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints how fast Docker tasks run, next to the Docker CLI on the same host. Not a test: run it with
 * {@code scripts/bench-docker.sh} (needs dockerd and scripts/build-images.sh).
 *
 * <ol>
 *   <li>one task running {@code true} (DockerOperator.execute with Airflow's defaults and auto_remove=force:
 *       look up the try's container, create, start, stream output, wait, remove) against
 *       {@code docker run --rm IMAGE true}, alternating, medians side by side;
 *   <li>20 tasks, 4 at a time: tasks per second, for both (median of 3 batches, alternated);
 *   <li>with {@code -Dphases=true}, {@link DockerPhases}: where one container's time goes;
 *   <li>with {@code -Dswarm=true} (or {@code -Dswarm=only} for this alone): one DockerSwarmOperator task running
 *       {@code true} (auto_remove=force) against {@code docker run --rm IMAGE true}, alternating, medians over
 *       {@code -DswarmRounds} rounds (7). The local engine is made a single-node swarm manager if it is not one.
 * </ol>
 */
public final class DockerBenchmark {

  private static final String IMAGE = System.getProperty("image", LocalDocker.BUSYBOX);

  public static void main(String[] args) throws Exception {
    if ("only".equals(System.getProperty("swarm"))) {
      swarm();
      return;
    }
    int rounds = Integer.getInteger("rounds", 21);
    for (int i = 0; i < 3; i++) {
      aloftTask();
      cliRun();
    }
    List<Double> aloft = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      aloft.add(timeMs(DockerBenchmark::aloftTask));
      cli.add(timeMs(DockerBenchmark::cliRun));
    }
    System.out.printf("one task running `true` on %s, %d rounds (ms):%n", IMAGE, rounds);
    System.out.printf("  %-32s median %6.1f   p90 %6.1f   min %6.1f%n", "Aloft DockerOperator", pct(aloft, 50), pct(aloft, 90), pct(aloft, 0));
    System.out.printf("  %-32s median %6.1f   p90 %6.1f   min %6.1f%n", "docker run --rm IMAGE true", pct(cli, 50), pct(cli, 90), pct(cli, 0));

    // One batch is a single sample of a noisy machine: three of each, alternated, and their medians.
    List<Double> aloftRate = new ArrayList<>();
    List<Double> cliRate = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      aloftRate.add(throughput(DockerBenchmark::aloftTask));
      cliRate.add(throughput(DockerBenchmark::cliRun));
    }
    System.out.println("20 container tasks, 4 in parallel (median of 3 batches, alternated):");
    System.out.printf("  %-32s %5.1f tasks/s   (batches %s)%n", "Aloft DockerOperator", pct(aloftRate, 50), rates(aloftRate));
    System.out.printf("  %-32s %5.1f tasks/s   (batches %s)%n", "docker run --rm IMAGE true", pct(cliRate, 50), rates(cliRate));

    if (Boolean.getBoolean("phases")) {
      new DockerPhases().print(rounds);
    }
    if (Boolean.getBoolean("swarm")) {
      swarm();
    }
  }

  /** One Swarm service task against one {@code docker run --rm}: a service goes through the orchestrator. */
  private static void swarm() throws Exception {
    LocalSwarm.require();
    int rounds = Integer.getInteger("swarmRounds", 7);
    swarmTask();
    cliRun();
    List<Double> swarm = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      swarm.add(timeMs(DockerBenchmark::swarmTask));
      cli.add(timeMs(DockerBenchmark::cliRun));
    }
    System.out.printf("one task running `true` on %s as a Swarm service, %d rounds (ms):%n", IMAGE, rounds);
    System.out.printf("  %-32s median %6.1f   min %6.1f   max %6.1f%n", "Aloft DockerSwarmOperator", pct(swarm, 50), pct(swarm, 0), pct(swarm, 100));
    System.out.printf("  %-32s median %6.1f   min %6.1f   max %6.1f%n", "docker run --rm IMAGE true", pct(cli, 50), pct(cli, 0), pct(cli, 100));
  }

  private static void swarmTask() throws Exception {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("bench", "run_" + UUID.randomUUID(), "t", -1, 1));
    new DockerSwarmOperator(Map.of("image", IMAGE, "command", "true", "auto_remove", "force")).execute(ctx);
  }

  private interface Task {
    void run() throws Exception;
  }

  private static void aloftTask() throws Exception {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("bench", "run_" + UUID.randomUUID(), "t", -1, 1));
    new DockerOperator(Map.of("image", IMAGE, "command", "true", "auto_remove", "force")).execute(ctx);
  }

  private static void cliRun() throws Exception {
    Process p = new ProcessBuilder("docker", "run", "--rm", IMAGE, "true").inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("docker run failed");
    }
  }

  private static double timeMs(Task t) throws Exception {
    long start = System.nanoTime();
    t.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double throughput(Task t) throws Exception {
    int tasks = 20;
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        futures.add(pool.submit(() -> {
          t.run();
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return tasks / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static String rates(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.format("%.1f", v)).toList());
  }

  private static double pct(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.round(percentile / 100.0 * (sorted.size() - 1));
    return sorted.get(i);
  }
}
