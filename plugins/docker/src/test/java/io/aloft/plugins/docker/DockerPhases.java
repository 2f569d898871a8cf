package io.aloft.plugins.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one container running {@code true} goes, phase by phase, for the ways of driving the Engine
 * API that Aloft used or uses, next to the CLI: medians over alternating rounds. Not a test: {@code
 * scripts/bench-docker.sh -Dphases=true} runs it after {@link DockerBenchmark} (needs dockerd and the images of
 * scripts/build-images.sh). {@code -Dnetwork=none} shows what the default bridge network's setup and teardown
 * cost (the engine's start and exit phases); Aloft's per-try temporary folder is bind-mounted as a task's is.
 *
 * <ul>
 *   <li>{@code logs-after-start}: create, start, follow the logs, wait, remove (Aloft before the change);
 *   <li>{@code attach-first}: create, open the exit wait (next-exit) and attach, start, remove after the exit
 *       (auto_remove "success");
 *   <li>{@code engine-removes}: the same with HostConfig.AutoRemove, nothing after the exit (auto_remove "force");
 *   <li>{@code as-docker-run}: AutoRemove and a wait for the removal (condition "removed"), which is what
 *       {@code docker run --rm} does, without the CLI's process;
 *   <li>{@code cli}: {@code docker run --rm IMAGE true}.
 * </ul>
 */
public final class DockerPhases {

  private static final String IMAGE = System.getProperty("image", LocalDocker.BUSYBOX);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WAYS = List.of("logs-after-start", "attach-first", "engine-removes", "as-docker-run", "cli");

  private final DockerClient docker = DockerClients.get(LocalDocker.ENDPOINT);
  private final DockerHttpClient http = DockerClients.http(docker, LocalDocker.ENDPOINT);

  public static void main(String[] args) throws Exception {
    new DockerPhases().print(Integer.getInteger("rounds", 21));
  }

  void print(int rounds) throws Exception {
    Map<String, Map<String, List<Double>>> all = new LinkedHashMap<>();
    for (int r = -2; r < rounds; r++) {
      for (String way : WAYS) {
        Map<String, Double> phases = run(way);
        if (r >= 0) {
          phases.forEach((k, v) -> all.computeIfAbsent(way, x -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
      }
    }
    System.out.printf("one container running `true` on %s, phase medians over %d alternating rounds (ms)%s:%n", IMAGE, rounds,
        System.getProperty("network") == null ? "" : ", network " + System.getProperty("network"));
    all.forEach((way, phases) -> {
      StringBuilder line = new StringBuilder(String.format("  %-17s", way));
      phases.forEach((k, v) -> line.append(String.format("  %s %5.1f", k, median(v))));
      System.out.println(line);
    });
  }

  private Map<String, Double> run(String way) throws Exception {
    Laps laps = new Laps();
    if (way.equals("cli")) {
      Process p = new ProcessBuilder("docker", "run", "--rm", IMAGE, "true").inheritIO().start();
      p.waitFor();
      laps.lap("total");
      return laps.times;
    }
    Path tmp = Files.createTempDirectory("airflowtmp");
    HostConfig host = HostConfig.newHostConfig()
        .withMounts(List.of(new Mount().withType(MountType.BIND).withSource(tmp.toString()).withTarget("/tmp/airflow")));
    if (System.getProperty("network") != null) {
      host.withNetworkMode(System.getProperty("network"));
    }
    boolean engineRemoves = way.equals("engine-removes") || way.equals("as-docker-run");
    host.withAutoRemove(engineRemoves);
    String id = docker.createContainerCmd(IMAGE).withCmd("true").withHostConfig(host)
        .withLabels(Map.of("io.aloft.bench", "phases")).withEnv("AIRFLOW_TMP_DIR=/tmp/airflow").exec().getId();
    laps.lap("create");
    if (way.equals("logs-after-start")) {
      docker.startContainerCmd(id).exec();
      laps.lap("start");
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
          .exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
      laps.lap("output");
      docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
      laps.lap("exit");
    } else {
      String condition = way.equals("as-docker-run") ? "removed" : "next-exit";
      var output = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
          .exec(new ResultCallback.Adapter<Frame>());
      try (DockerHttpClient.Response wait = http.execute(DockerHttpClient.Request.builder()
          .method(DockerHttpClient.Request.Method.POST).path("/containers/" + id + "/wait?condition=" + condition).build())) {
        output.awaitStarted();
        laps.lap("wait+attach");
        docker.startContainerCmd(id).exec();
        laps.lap("start");
        output.awaitCompletion();
        laps.lap("output");
        try (InputStream in = wait.getBody()) {
          JSON.readTree(in);
        }
        laps.lap(condition.equals("removed") ? "exit+removal" : "exit");
      }
    }
    if (!engineRemoves) {
      docker.removeContainerCmd(id).withForce(true).exec();
      laps.lap("remove");
    }
    laps.times.put("total", laps.times.values().stream().mapToDouble(Double::doubleValue).sum());
    Files.deleteIfExists(tmp);
    return laps.times;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static final class Laps {
    final Map<String, Double> times = new LinkedHashMap<>();
    private long last = System.nanoTime();

    void lap(String name) {
      long now = System.nanoTime();
      times.put(name, (now - last) / 1e6);
      last = now;
    }
  }
}
