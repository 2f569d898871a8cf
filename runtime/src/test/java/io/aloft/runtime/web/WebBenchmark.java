package io.aloft.runtime.web;

import io.aloft.runtime.model.DagSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints API latencies under load: 100 DAGs and 10,000 task instances in a real PostgreSQL, 8 concurrent
 * clients on loopback with HTTP basic auth, p50/p99 per endpoint; then the grid JSON of a DAG with 1,000
 * runs x 15 tasks. Run it with (see CONTRIBUTING of the web package, or the report):
 *
 * <pre>
 * mvn -q -pl runtime -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp runtime/target/classes:runtime/target/test-classes:$(cat runtime/target/cp.txt) io.aloft.runtime.web.WebBenchmark [seconds] [--pool]
 * </pre>
 */
public final class WebBenchmark {

  private static final int CLIENTS = 8;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    boolean pooled = Arrays.asList(args).contains("--pool");
    System.out.println(pooled ? "stores over a HikariCP pool (16 connections)" : "stores over Database as it is (a new connection per handle)");
    try (TestWebServer web = new TestWebServer(null, pooled)) {
      long t0 = System.nanoTime();
      fill(web);
      System.out.printf("store: 100 DAGs, %d task instances (filled in %d ms)%n",
          web.stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM task_instance").mapTo(Integer.class).one()),
          (System.nanoTime() - t0) / 1_000_000);
      String auth = "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
      load(web, auth, "GET /api/v1/dags", "/api/v1/dags", seconds);
      load(web, auth, "GET /api/v1/dags/{id}/dagRuns/{run}/taskInstances", "/api/v1/dags/bench_042/dagRuns/run_05/taskInstances", seconds);
      load(web, auth, "GET /api/v1/dags/{id}/dagRuns", "/api/v1/dags/bench_042/dagRuns", seconds);
      load(web, auth, "GET /home (UI DAG list)", "/home", seconds);

      DagSpec history = TestWebServer.dag("history", Map.of(), WebBrowserIT.TASKS.toArray(String[]::new));
      web.stores.dags().saveParsed(history, true, Instant.now());
      Instant start = Instant.parse("2023-01-01T00:00:00Z");
      for (int i = 0; i < 1000; i++) {
        web.trigger.trigger("history", "scheduled__" + i, Map.of(), start.plus(Duration.ofHours(i)));
      }
      web.stores.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE dag_id = 'history'"));
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest grid = HttpRequest.newBuilder(URI.create(web.url("/ui/dags/history/grid?num_runs=1000"))).header("Authorization", auth).build();
      long[] times = new long[30];
      int bytes = 0;
      for (int i = -10; i < times.length; i++) {
        long s = System.nanoTime();
        HttpResponse<String> r = http.send(grid, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("grid: HTTP " + r.statusCode());
        }
        bytes = r.body().length();
        if (i >= 0) {
          times[i] = System.nanoTime() - s;
        }
      }
      Arrays.sort(times);
      System.out.printf("grid JSON, 1000 runs x 15 tasks (%d KB), sequential: p50 %.1f ms, p99 %.1f ms%n",
          bytes / 1024, times[times.length / 2] / 1e6, times[times.length - 1] / 1e6);
    }
    System.exit(0);
  }

  private static void fill(TestWebServer web) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    String[] tasks = new String[10];
    for (int t = 0; t < tasks.length; t++) {
      tasks[t] = "task_" + t;
    }
    for (int d = 0; d < 100; d++) {
      String dagId = String.format("bench_%03d", d);
      web.stores.dags().saveParsed(TestWebServer.dag(dagId, Map.of(), tasks), d % 3 == 0, Instant.now());
      for (int r = 0; r < 10; r++) {
        web.trigger.trigger(dagId, String.format("run_%02d", r), Map.of(), start.plus(Duration.ofDays(r)));
      }
    }
    web.stores.jdbi().useHandle(h -> {
      h.execute("UPDATE task_instance SET state = 'success', try_number = 1, start_date = now(), end_date = now(), duration = 1");
      h.execute("UPDATE dag_run SET state = 'success', start_date = logical_date, end_date = logical_date + interval '5 minutes'");
      h.execute("ANALYZE");
    });
  }

  private static void load(TestWebServer web, String auth, String label, String path, int seconds) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(web.url(path))).header("Authorization", auth).build();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[CLIENTS];
    CountDownLatch done = new CountDownLatch(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      long[] lat = new long[2_000_000];
      perClient.add(lat);
      int id = c;
      Thread.ofPlatform().start(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
          while (!stop.get()) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            long e = System.nanoTime() - s;
            if (r.statusCode() != 200) {
              throw new IllegalStateException(path + ": HTTP " + r.statusCode());
            }
            if (measuring.get() && counts[id] < lat.length) {
              lat[counts[id]++] = e;
            }
          }
        } catch (Exception ex) {
          ex.printStackTrace();
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(3000); // warm-up: JIT, connection pools, caches
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    stop.set(true);
    done.await();
    int n = Arrays.stream(counts).sum();
    long[] all = new long[n];
    int k = 0;
    for (int c = 0; c < CLIENTS; c++) {
      System.arraycopy(perClient.get(c), 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    System.out.printf("%-55s %d clients: %7.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.1f ms (%d requests)%n",
        label, CLIENTS, n / (elapsed / 1e9), pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all[n - 1] / 1e6, n);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
