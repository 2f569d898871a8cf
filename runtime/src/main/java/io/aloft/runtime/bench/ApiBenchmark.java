package io.aloft.runtime.bench;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.app.Runs;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The REST API's figures of issue 5: with 100 DAGs and 10,000 task instances in the store, 8 concurrent
 * clients on loopback (HTTP basic auth, keep-alive) hit each endpoint for a while; prints p50/p90/p99 per
 * endpoint, then the UI grid's JSON for a DAG with 1,000 runs x 15 tasks. Runs the real stack (the
 * configured database layer, an embedded PostgreSQL in a temporary home). {@code scripts/bench api [seconds]}.
 */
public final class ApiBenchmark {

  private static final int CLIENTS = 8;

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path work = Files.createTempDirectory("aloft-api-bench-");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ALOFT_HOME", work.resolve("home").toString());
    env.put("ALOFT_DAGS_FOLDER", Files.createDirectories(work.resolve("dags")).toString());
    env.put("ALOFT_PORT", "0");
    env.remove("ALOFT_DATABASE_URL");
    AloftConfig config = ConfigLoader.load(env, work, work);
    System.out.println("Aloft API benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.version") + ")");
    try (Aloft aloft = Aloft.openStore(config)) {
      WebServer web = aloft.web().start();
      try {
        run("http://localhost:" + web.port(), aloft.stores(), aloft.app().runs(), seconds);
      } finally {
        web.stop();
      }
    }
    System.exit(0);
  }

  /** Fills the store and prints the figures for a server at {@code baseUrl} over {@code stores}. */
  public static void run(String baseUrl, Stores stores, Runs trigger, int seconds) throws Exception {
    long t0 = System.nanoTime();
    fill(stores, trigger);
    int tis = stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM task_instance").mapTo(Integer.class).one());
    System.out.printf("store: 100 DAGs, %d task instances (filled in %d ms); %d clients, %d s per endpoint after 3 s warm-up%n",
        tis, (System.nanoTime() - t0) / 1_000_000, CLIENTS, seconds);
    String auth = "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
    load(baseUrl, auth, "GET /api/v1/dags", "/api/v1/dags", seconds);
    load(baseUrl, auth, "GET /api/v1/dags/{id}/dagRuns/{run}/taskInstances",
        "/api/v1/dags/bench_042/dagRuns/run_05/taskInstances", seconds);
    load(baseUrl, auth, "GET /api/v1/dags/{id}/dagRuns", "/api/v1/dags/bench_042/dagRuns", seconds);
    load(baseUrl, auth, "GET /home (UI DAG list page)", "/home", seconds);
    grid(baseUrl, auth, stores, trigger);
  }

  static DagSpec dag(String dagId, int tasks) {
    List<TaskSpec> specs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      specs.add(TaskSpec.builder("task_" + t, "BashOperator")
          .operatorClass("airflow.operators.bash.BashOperator")
          .upstream(t == 0 ? List.of() : List.of("task_" + (t - 1)))
          .templateFields(List.of("bash_command")).args(Map.of("bash_command", "true")).lineno(t + 1).build());
    }
    return new DagSpec(DagSpec.CURRENT_VERSION, dagId, "/bench/" + dagId + ".py", "benchmark DAG", null,
        new Schedule("cron", "0 0 * * *", null, "@daily"), Instant.parse("2024-01-01T00:00:00Z"), null, "UTC", false,
        16, 16, null, List.of("bench"), null, Map.of(), specs, List.of(), "airflow");
  }

  private static void fill(Stores stores, Runs trigger) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int d = 0; d < 100; d++) {
      String dagId = String.format("bench_%03d", d);
      stores.dags().saveParsed(dag(dagId, 10), d % 3 == 0, Instant.now());
      for (int r = 0; r < 10; r++) {
        trigger.trigger(io.aloft.runtime.app.Actor.SYSTEM, dagId, String.format("run_%02d", r), Map.of(), start.plus(Duration.ofDays(r)));
      }
    }
    stores.jdbi().useHandle(h -> {
      h.execute("UPDATE task_instance SET state = 'success', try_number = 1, start_date = now(), end_date = now(), duration = 1");
      h.execute("UPDATE dag_run SET state = 'success', start_date = logical_date, end_date = logical_date + interval '5 minutes'");
      h.execute("ANALYZE");
    });
  }

  private static void grid(String baseUrl, String auth, Stores stores, Runs trigger) throws Exception {
    stores.dags().saveParsed(dag("history", 15), true, Instant.now());
    Instant start = Instant.parse("2023-01-01T00:00:00Z");
    for (int i = 0; i < 1000; i++) {
      trigger.trigger(io.aloft.runtime.app.Actor.SYSTEM, "history", "scheduled__" + i, Map.of(), start.plus(Duration.ofHours(i)));
    }
    stores.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE dag_id = 'history'"));
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/ui/dags/history/grid?num_runs=1000"))
        .header("Authorization", auth).build();
    Stats s = new Stats();
    int bytes = 0;
    for (int i = -10; i < 30; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("grid: HTTP " + r.statusCode());
      }
      bytes = r.body().length();
      if (i >= 0) {
        s.add((System.nanoTime() - t) / 1e6);
      }
    }
    System.out.printf("%-52s %d KB, one client: p50 %6.1f ms  p99 %6.1f ms (the browser then builds it in ~0.1-0.2 s)%n",
        "UI grid JSON, 1,000 runs x 15 tasks", bytes / 1024, s.median(), s.p(99));
  }

  static void load(String baseUrl, String auth, String label, String path, int seconds) throws Exception {
    load(baseUrl, auth, label, path, seconds, "p99 <= 50 ms");
  }

  /** As {@link #load(String, String, String, String, int)}, with the target its caller's issue sets. */
  static void load(String baseUrl, String auth, String label, String path, int seconds, String target)
      throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", auth).build();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<List<Double>> samples = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      List<Double> mine = new ArrayList<>();
      samples.add(mine);
      Thread.ofPlatform().start(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
          while (!stop.get()) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
              throw new IllegalStateException(path + ": HTTP " + r.statusCode());
            }
            if (measuring.get()) {
              mine.add(ms);
            }
          }
        } catch (Exception e) {
          e.printStackTrace();
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(3000);
    measuring.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    stop.set(true);
    done.await();
    Stats s = new Stats();
    samples.forEach(l -> l.forEach(s::add));
    System.out.printf("%-52s %6.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  (target %s)%n",
        label, s.count() / elapsed, s.median(), s.p(90), s.p(99), target);
  }
}
